"""Reading grid files (GeoJSON, zipped Shapefile) and writing GeoJSON."""

import io
import json
import zipfile
from collections.abc import Iterator

import shapefile  # pyshp: pure Python, no GDAL
from django.utils.translation import gettext as _

from grids.models import Grid

MAX_FILE_BYTES = 50 * 1024 * 1024
EXPORT_PROPERTIES = ["code", "name", "kind", "parent_code", "org_unit_code", "population", "households", "area_m2"]


class GridFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


def read_features(data: bytes, filename: str) -> list[dict]:
    """GeoJSON features from an uploaded .geojson/.json or a zipped Shapefile."""
    if len(data) > MAX_FILE_BYTES:
        raise GridFileError(_("The file is larger than 50 MB."))
    if data[:4] == b"PK\x03\x04":
        return read_shapefile_zip(data)
    if filename.lower().endswith(".zip"):
        raise GridFileError(_("The file is not a valid zip archive."))
    return read_geojson(data)


def read_geojson(data: bytes) -> list[dict]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise GridFileError(_("The file is not UTF-8 text.")) from exc
    except RecursionError:
        raise GridFileError(_("The file is nested too deeply to be GeoJSON.")) from None
    except json.JSONDecodeError as exc:
        raise GridFileError(
            _("The file is not valid JSON (line %(line)d, column %(column)d).")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    if not isinstance(document, dict):
        raise GridFileError(_("The file is not a GeoJSON object."))
    # A hand-made file may put anything under "crs": only an object with a name declares a coordinate system.
    declared = document.get("crs")
    properties = declared.get("properties") if isinstance(declared, dict) else None
    crs_name = str(properties.get("name") or "") if isinstance(properties, dict) else ""
    if crs_name and not any(tag in crs_name.upper() for tag in ("CRS84", "4326", "4490")):
        raise GridFileError(
            _("The file declares coordinate system %(crs)s; export it in WGS-84 (EPSG:4326) longitude/latitude.")
            % {"crs": crs_name}
        )
    if document.get("type") == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise GridFileError(_("The FeatureCollection has no feature list."))
        return features
    if document.get("type") == "Feature":
        return [document]
    raise GridFileError(_("The file is neither a FeatureCollection nor a Feature."))


def read_shapefile_zip(data: bytes) -> list[dict]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise GridFileError(_("The file is not a valid zip archive.")) from exc
    names = {name.lower().rsplit(".", 1)[-1]: name for name in archive.namelist() if "." in name}
    missing = [ext for ext in ("shp", "shx", "dbf") if ext not in names]
    if missing:
        raise GridFileError(_("The zip lacks the Shapefile parts: %(parts)s.") % {"parts": ", ".join(missing)})
    if "prj" in names:
        prj = archive.read(names["prj"]).decode("latin-1").upper()
        if prj.startswith("PROJCS"):
            raise GridFileError(
                _(
                    "The Shapefile is in a projected coordinate system; export it in WGS-84 or CGCS2000 longitude/latitude."
                )
            )
    encoding = archive.read(names["cpg"]).decode("ascii", "ignore").strip() if "cpg" in names else "gbk"
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(archive.read(names["shp"])),
            shx=io.BytesIO(archive.read(names["shx"])),
            dbf=io.BytesIO(archive.read(names["dbf"])),
            encoding=encoding or "gbk",
        )
        fields = [field[0].lower() for field in reader.fields[1:]]
        features = []
        for record in reader.iterShapeRecords():
            properties = dict(zip(fields, list(record.record), strict=False))
            features.append({"type": "Feature", "properties": properties, "geometry": record.shape.__geo_interface__})
    except (shapefile.ShapefileException, UnicodeDecodeError, LookupError, ValueError) as exc:
        raise GridFileError(_("The Shapefile cannot be read: %(reason)s") % {"reason": exc}) from exc
    return features


def grid_feature(grid: Grid, *, parent_code: str = "", org_unit_code: str = "") -> dict:
    return {
        "type": "Feature",
        "id": grid.code,
        "properties": {
            "code": grid.code,
            "name": grid.name,
            "kind": grid.kind,
            "parent_code": parent_code,
            "org_unit_code": org_unit_code,
            "population": grid.population,
            "households": grid.households,
            "area_m2": round(grid.area_m2, 1),
        },
        "geometry": grid.geometry,
    }


def stream_feature_collection(grids) -> Iterator[str]:
    """A GeoJSON FeatureCollection, one feature at a time (10,000 grids never sit in memory as one string)."""
    yield '{"type": "FeatureCollection", "features": [\n'
    first = True
    rows = grids.select_related("parent", "org_unit").order_by("kind", "code")
    for grid in rows.iterator(chunk_size=500):
        feature = grid_feature(
            grid,
            parent_code=grid.parent.code if grid.parent_id else "",
            org_unit_code=grid.org_unit.code if grid.org_unit_id else "",
        )
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        first = False
    yield "\n]}\n"
