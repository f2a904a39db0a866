from django.urls import path

from cases import public

app_name = "public"

urlpatterns = [
    path("report/", public.citizen_report, name="report"),
    path("track/", public.track_lookup, name="lookup"),
    path("area.geojson", public.service_area, name="area"),
    path("track/<str:code>/", public.track, name="track"),
    path("track/<str:code>/feedback/", public.track_feedback, name="feedback"),
    path("track/<str:code>/reopen/", public.track_reopen, name="reopen"),
]
