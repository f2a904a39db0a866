from django.urls import path

from elections import views

app_name = "elections"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/votes/", views.vote_list, name="votes"),
    path("<int:pk>/votes/void/", views.vote_void, name="vote_void"),
    path("<int:pk>/publish/", views.campaign_publish, name="publish"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/review/", views.nomination_review, name="review"),
]
