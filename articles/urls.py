from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/", views.article_new, name="new"),
    path("<int:pk>/", views.article_edit, name="edit"),
    path("<int:pk>/images/", views.images_add, name="images"),
    path("<int:pk>/publish/", views.article_publish, name="publish"),
]
