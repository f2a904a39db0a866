from django.urls import path

from projects import public

app_name = "public_projects"

urlpatterns = [
    path("", public.project_list, name="list"),
    path("projects/<int:pk>/", public.project_page, name="detail"),
    path("photos/<int:pk>/", public.photo, name="photo"),
]
