from django.urls import path

from patrols import api, views

app_name = "patrols"

urlpatterns = [
    path("", views.coverage_map, name="coverage"),
    path("coverage.json", views.coverage_geojson, name="coverage_json"),
    path("grids/<int:pk>/", views.grid_calendar, name="grid_calendar"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/review/", views.session_review, name="session_review"),
    path("teams/", views.team_list, name="teams"),
    path("teams/<int:pk>/", views.team_roster, name="team_roster"),
    path("roster/<int:pk>/change/", views.roster_change, name="roster_change"),
    path("stats/", views.stats, name="stats"),
    path("m/", views.mobile_patrol, name="mobile"),
    path("api/sessions/", api.SessionStart.as_view(), name="api_start"),
    path("api/sessions/current/", api.SessionCurrent.as_view(), name="api_current"),
    path("api/sessions/<int:pk>/", api.SessionDetail.as_view(), name="api_session"),
    path("api/sessions/<int:pk>/points/", api.SessionPoints.as_view(), name="api_points"),
    path("api/sessions/<int:pk>/end/", api.SessionEnd.as_view(), name="api_end"),
    path("api/sessions/<int:pk>/checkpoints/<int:checkpoint>/", api.CheckPointConfirm.as_view(), name="api_checkpoint"),
]
