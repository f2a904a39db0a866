from django.urls import path

from elections import public

app_name = "elections_public"

urlpatterns = [
    path("<int:pk>/", public.ballot, name="ballot"),
    path("<int:pk>/verify/", public.verify, name="verify"),
    path("<int:pk>/vote/", public.vote, name="vote"),
    path("<int:pk>/nominate/", public.nominate, name="nominate"),
    path("<int:pk>/honours/", public.honours, name="honours"),
    path("photos/<int:pk>/", public.photo, name="photo"),
]
