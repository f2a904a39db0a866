"""URLs of the weekly/monthly reports (included by command.urls under /command/reports/)."""

from django.urls import path

from command import report_views

urlpatterns: list = [
    path("", report_views.report_list, name="report_list"),
    path("<int:pk>/row/", report_views.report_row, name="report_row"),
    path("<int:pk>/<str:fmt>/", report_views.report_download, name="report_download"),
]
