"""The office's offline base map: tiles read from an MBTiles file (settings.MAP_TILE_FILE).

MBTiles is a SQLite database with a `tiles(zoom_level, tile_column, tile_row, tile_data)` table whose rows
count from the south (TMS), so the y of a web-map request is flipped. The file is opened read-only per
request: SQLite opens in microseconds, and a connection must not cross threads.
"""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

MAX_ZOOM = 24


def read_tile(path: str, z: int, x: int, y: int) -> tuple[bytes, str] | None:
    """The tile's bytes and content type, or None when the file has no such tile."""
    if z > MAX_ZOOM or x >= 2**z or y >= 2**z:
        return None
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        row = connection.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (z, x, 2**z - 1 - y),
        ).fetchone()
    if row is None:
        return None
    data = bytes(row[0])
    return data, "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/webp" if data[8:12] == b"WEBP" else "image/png"


@require_GET
def tile(request, z: int, x: int, y: int):
    # Public like the report page that shows it; tiles are a street map, nothing of the office's own.
    if not settings.MAP_TILE_FILE or not Path(settings.MAP_TILE_FILE).is_file():
        raise Http404
    found = read_tile(settings.MAP_TILE_FILE, z, x, y)
    if found is None:
        raise Http404
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
