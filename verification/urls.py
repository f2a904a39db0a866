from django.urls import path

from verification import views

app_name = "verification"

urlpatterns = [
    path("code/", views.code, name="code"),
]
