from django.urls import path

from grids import views

app_name = "grids"

urlpatterns = [
    path("", views.grid_map, name="map"),
    path("geojson/", views.grid_geojson, name="geojson"),
    path("export.geojson", views.grid_export, name="export"),
    path("import/", views.grid_import, name="import"),
    path("import/<int:pk>/", views.grid_import_status, name="import_status"),
    path("<int:pk>/", views.grid_detail, name="detail"),
    path("<int:pk>/card/", views.grid_card, name="card"),
    path("<int:pk>/geometry/", views.grid_geometry, name="geometry"),
]
