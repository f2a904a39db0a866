"""Grid polygons: parsing, validation, area, conversion. Pure functions on shapely 2.

Geometries are kept as GeoJSON (WGS-84 lng/lat) in the database plus WKB for a
fast index build; no GDAL or spatial database is needed, so SQLite and
PostgreSQL behave the same.
"""

import math
from collections.abc import Callable

import numpy
import shapely
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from grids.coords import in_china, to_wgs84

POLYGON_TYPES = {"Polygon", "MultiPolygon"}
# How many list levels hold the positions: a Polygon is rings of positions, a MultiPolygon polygons of rings.
RING_LEVELS = {"Polygon": 2, "MultiPolygon": 3}
_EARTH_RADIUS = 6371008.8


class GeometryError(ValueError):
    """A geometry we cannot accept; the message says why, in the user's language."""


def _map_coords(coords, fn: Callable[[float, float], tuple[float, float]]):
    if coords and isinstance(coords[0], (int, float)):
        return list(fn(float(coords[0]), float(coords[1])))
    return [_map_coords(part, fn) for part in coords]


def parse_polygon(geojson: dict, *, crs: str = "wgs84") -> shapely.Geometry:
    """A GeoJSON Polygon/MultiPolygon in `crs` → a valid shapely geometry in WGS-84.

    Raises GeometryError for anything that is not a usable grid outline:
    another type, too few points, coordinates outside China (usually projected
    metres or swapped lat/lng), self-intersections.
    """
    if not isinstance(geojson, dict) or geojson.get("type") not in POLYGON_TYPES:
        raise GeometryError(_("The geometry must be a Polygon or MultiPolygon."))
    coordinates = geojson.get("coordinates")
    if not isinstance(coordinates, (list, tuple)) or not coordinates:
        raise GeometryError(_("The geometry has no coordinates."))
    try:
        flat = list(_iter_positions(coordinates, RING_LEVELS[geojson["type"]]))
    except (TypeError, ValueError, IndexError) as exc:
        raise GeometryError(_("The coordinates are not numbers.")) from exc
    if not flat:
        raise GeometryError(_("The polygon has too few points or broken rings."))
    for lng, lat in flat:
        if not (math.isfinite(lng) and math.isfinite(lat)):
            raise GeometryError(_("The coordinates are not numbers."))
        if not in_china(lng, lat):
            if in_china(lat, lng):
                raise GeometryError(_("Coordinates look like latitude, longitude; GeoJSON wants longitude first."))
            raise GeometryError(
                _("Coordinate (%(lng)s, %(lat)s) is outside China: is the file in projected metres?")
                % {"lng": lng, "lat": lat}
            )
    if crs != "wgs84":
        geojson = {"type": geojson["type"], "coordinates": _map_coords(coordinates, lambda x, y: to_wgs84(x, y, crs))}
    try:
        geometry = shape(geojson)
    except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException) as exc:
        raise GeometryError(_("The polygon has too few points or broken rings.")) from exc
    if geometry.is_empty:
        raise GeometryError(_("The polygon is empty."))
    if not geometry.is_valid:
        raise GeometryError(_("The polygon is not valid: %(reason)s") % {"reason": explain_validity(geometry)})
    return geometry


def _iter_positions(coordinates, levels: int):
    """The positions of a coordinate array holding exactly `levels` list levels above them: a deeper or
    shallower array is refused here rather than recursed into (shapely would recurse without end)."""
    if not isinstance(coordinates, (list, tuple)):
        raise TypeError("not a list")
    if levels == 0:
        if len(coordinates) < 2 or not all(isinstance(n, (int, float)) for n in coordinates[:2]):
            raise ValueError("not a position")
        yield float(coordinates[0]), float(coordinates[1])
        return
    for part in coordinates:
        yield from _iter_positions(part, levels - 1)


def to_geojson(geometry: shapely.Geometry, precision: int = 7) -> dict:
    """GeoJSON of a geometry, rounded to ~1 cm so that files stay small and round trips are stable."""
    rounded = shapely.set_precision(geometry, 10**-precision) if precision else geometry
    data = mapping(rounded if not rounded.is_empty else geometry)
    return _listify(data)


def _listify(value):
    if isinstance(value, dict):
        return {key: _listify(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_listify(item) for item in value]
    return value


def area_m2(geometry: shapely.Geometry) -> float:
    """Area in square metres: an equal-area (sinusoidal) projection around the centroid.

    Exact enough for grids of a few km² (error well under 0.1 %).
    """
    lat0 = math.radians(geometry.centroid.y)
    lng0 = geometry.centroid.x

    def project(coords: numpy.ndarray) -> numpy.ndarray:
        lat = numpy.radians(coords[:, 1])
        x = _EARTH_RADIUS * numpy.radians(coords[:, 0] - lng0) * numpy.cos(lat)
        y = _EARTH_RADIUS * (lat - lat0)
        return numpy.column_stack([x, y])

    return float(shapely.area(shapely.transform(geometry, project)))
