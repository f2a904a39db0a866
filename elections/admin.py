from django.contrib import admin

from elections.models import Campaign, Category


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "org_unit", "voting_starts", "voting_ends", "published_at"]
    inlines = [CategoryInline]
