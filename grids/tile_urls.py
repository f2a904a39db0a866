from django.urls import path

from grids.tiles import tile

urlpatterns = [path("<int:z>/<int:x>/<int:y>.png", tile, name="tiles")]
