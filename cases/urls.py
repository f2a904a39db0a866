from django.urls import path

from cases import mobile, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("export.xlsx", views.case_export, name="export"),
    path("filters/", views.save_filter, name="save_filter"),
    path("filters/<int:pk>/delete/", views.delete_filter, name="delete_filter"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/act/<str:action>/", views.case_act, name="act"),
    path("m/", mobile.mobile_home, name="mobile"),
    path("m/report/", mobile.mobile_report, name="mobile_report"),
    path("m/<str:key>/", mobile.mobile_list, name="mobile_list"),
]
