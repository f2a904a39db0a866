from django.urls import include, path

from command import views

app_name = "command"

urlpatterns: list = [
    path("", views.screen_page, name="screen"),
    path("screen/live.json", views.screen_live, name="screen_live"),
    path("screen/charts.json", views.screen_charts, name="screen_charts"),
    path("screen/grids.json", views.screen_outlines, name="screen_outlines"),
    path("kpis/", views.kpi_page, name="kpis"),
    path("drill/", views.drill, name="drill"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/<int:pk>/", views.supervise, name="supervise"),
    path("reports/", include("command.report_urls")),
]
