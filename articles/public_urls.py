from django.urls import path

from articles import public

app_name = "public_articles"

urlpatterns = [
    path("", public.article_list, name="list"),
    path("<int:pk>/", public.article_page, name="detail"),
    path("images/<int:pk>/", public.image, name="image"),
]
