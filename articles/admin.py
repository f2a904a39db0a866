from django.contrib import admin

from articles.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "published_at", "author")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    readonly_fields = ("body",)  # written through the editor, which sanitises it
