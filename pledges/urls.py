from django.urls import path

from pledges import views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge_list, name="list"),
    path("new/", views.pledge_new, name="new"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/status/", views.pledge_status, name="status"),
    path("<int:pk>/feedback/", views.pledge_feedback, name="feedback"),
]
