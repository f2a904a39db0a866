from django.urls import path

from pledges import public

app_name = "public_pledges"

urlpatterns = [path("", public.done_list, name="list")]
