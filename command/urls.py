from django.urls import include, path

app_name = "command"

urlpatterns: list = [
    path("reports/", include("command.report_urls")),
]
