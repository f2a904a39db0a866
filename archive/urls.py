from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("materials/", views.material_list, name="materials"),
    path("materials/new/", views.material_new, name="material_new"),
    path("materials/<int:pk>/", views.material_detail, name="material"),
    path("materials/<int:pk>/edit/", views.material_edit, name="material_edit"),
    path("materials/<int:pk>/upload/", views.material_upload, name="material_upload"),
    path("materials/<int:pk>/note/", views.material_note, name="material_note"),
    path("materials/<int:pk>/link/", views.material_link, name="material_link"),
    path("materials/<int:pk>/links/<int:link>/delete/", views.material_unlink, name="material_unlink"),
    path("materials/<int:pk>/complete/", views.material_complete, name="material_complete"),
    path("materials/<int:pk>/reject/", views.material_reject, name="material_reject"),
    path("export.zip", views.export, name="export"),
]
