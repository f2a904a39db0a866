"""An intranet office's base map: tiles served from an MBTiles file named in a setting."""

import io
import sqlite3

import pytest
from PIL import Image

from grids.views import map_settings


def png(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def tile_file(tmp_path, settings):
    """A two-zoom MBTiles file: zoom 1 has a red tile at web-map x=1, y=0 (TMS row 1) and a blue one at y=1."""
    path = tmp_path / "area.mbtiles"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
        db.execute("INSERT INTO metadata VALUES ('format', 'png')")
        db.execute("INSERT INTO tiles VALUES (1, 1, 1, ?)", (png((255, 0, 0)),))
        db.execute("INSERT INTO tiles VALUES (1, 1, 0, ?)", (png((0, 0, 255)),))
    settings.MAP_TILE_FILE = str(path)
    settings.MAP_TILE_URL = ""
    return path


def colour(content: bytes):
    return Image.open(io.BytesIO(content)).getpixel((10, 10))


def test_a_tile_is_served_from_the_file_with_the_tms_row_flipped(client, tile_file):
    response = client.get("/tiles/1/1/0.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert colour(response.content) == (255, 0, 0)
    assert colour(client.get("/tiles/1/1/1.png").content) == (0, 0, 255)


def test_a_tile_the_file_lacks_is_not_found(client, tile_file):
    assert client.get("/tiles/1/0/0.png").status_code == 404
    assert client.get("/tiles/3/99/0.png").status_code == 404


def test_without_a_tile_file_there_are_no_tiles(client, settings):
    settings.MAP_TILE_FILE = ""
    assert client.get("/tiles/1/1/0.png").status_code == 404


def test_the_maps_use_the_offline_tiles_when_no_tile_server_is_set(tile_file):
    assert map_settings()["tileUrl"] == "/tiles/{z}/{x}/{y}.png"


def test_a_tile_server_wins_over_the_file(tile_file, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert map_settings()["tileUrl"] == settings.MAP_TILE_URL
