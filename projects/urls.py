from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("map/", views.project_map, name="map"),
    path("projects.geojson", views.projects_geojson, name="geojson"),
    path("late/", views.late_list, name="late"),
    path("new/", views.project_new, name="new"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/milestones/", views.milestone_save, name="milestone"),
    path("<int:pk>/photos/", views.photos_add, name="photos"),
    path("<int:pk>/cases/", views.case_link, name="case_link"),
    path("task-forces/", views.task_force_list, name="task_forces"),
    path("task-forces/new/", views.task_force_new, name="task_force_new"),
    path("task-forces/<int:pk>/", views.task_force_edit, name="task_force_edit"),
]
