from django.urls import path

from assessment import api, views

app_name = "assessment"

urlpatterns = [
    path("", views.score, name="score"),
    path("supervision/", views.supervision, name="supervision"),
    path("dust/", views.dust, name="dust"),
    path("actions/", views.actions, name="actions"),
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/import/", views.scheme_import, name="scheme_import"),
    path("schemes/<int:pk>/export.xlsx", views.scheme_export, name="scheme_export"),
    path("sites/", views.site_list, name="sites"),
    path("sites/new/", views.site_new, name="site_new"),
    path("sites.geojson", views.sites_geojson, name="sites_geojson"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("checks/<int:pk>/", views.check_detail, name="check"),
    path("m/", views.mobile_start, name="mobile"),
    path("m/sites/<int:pk>/<str:kind>/", views.mobile_check, name="mobile_check"),
    path("api/checks/", api.CheckSubmit.as_view(), name="api_checks"),
    path("api/sites/nearby/", api.NearbySites.as_view(), name="api_nearby"),
]
