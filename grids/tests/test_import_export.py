import io
import json
import zipfile

import pytest
import shapefile
import shapely
from django.core.management import call_command

from civicgrid.testing import without_demo_grids
from grids.coords import wgs84_to_gcj02
from grids.io import GridFileError, read_features, stream_feature_collection
from grids.models import Grid, GridGeometryVersion
from grids.services import GridImportRejected, grids_import
from grids.tests.factories import square


@pytest.fixture
def no_grids(db):
    without_demo_grids()


def feature(code, x0=116.96, y0=36.67, size=0.01, **props):
    return {
        "type": "Feature",
        "properties": {"code": code, "name": props.pop("name", f"网格{code}"), "kind": "community", **props},
        "geometry": square(x0, y0, size),
    }


def test_import_creates_grids_with_parents_and_history(no_grids):
    report = grids_import(
        actor=None,
        features=[
            feature("C2", x0=116.98, parent_code="Z1", population=900),
            feature("Z1", x0=116.96, size=0.05) | {"properties": {"code": "Z1", "name": "片区", "kind": "road"}},
        ],
    )
    assert (report.created, report.updated) == (2, 0)
    child = Grid.objects.get(code="C2")
    assert child.parent.code == "Z1"
    assert child.population == 900
    assert GridGeometryVersion.objects.filter(grid=child, version=1).exists()


def test_reimport_updates_and_keeps_old_outline(no_grids):
    grids_import(actor=None, features=[feature("C1")])
    report = grids_import(actor=None, features=[feature("C1", size=0.02)])
    assert report.updated == 1
    grid = Grid.objects.get(code="C1")
    assert grid.geometry_version == 2
    assert list(grid.geometry_versions.values_list("version", flat=True)) == [2, 1]


def test_bad_rows_are_all_reported_and_nothing_is_written(no_grids):
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[116.96, 36.67], [116.97, 36.68], [116.97, 36.67], [116.96, 36.68], [116.96, 36.67]]],
    }
    metres = {
        "type": "Polygon",
        "coordinates": [[[500000, 4060000], [500100, 4060000], [500100, 4060100], [500000, 4060000]]],
    }
    swapped = {"type": "Polygon", "coordinates": [[[36.67, 116.96], [36.68, 116.96], [36.68, 116.97], [36.67, 116.96]]]}
    features = [
        feature("OK1"),
        feature("", x0=116.99),
        feature("DUP", x0=117.0),
        feature("DUP", x0=117.02),
        feature("BOW") | {"geometry": bowtie},
        feature("MET") | {"geometry": metres},
        feature("SWP") | {"geometry": swapped},
        feature("ORPHAN", x0=117.04, parent_code="NOPE"),
        feature("KIND", x0=117.06) | {"properties": {"code": "KIND", "name": "x", "kind": "district"}},
        feature("OVER", x0=116.965),
    ]
    with pytest.raises(GridImportRejected) as rejected:
        grids_import(actor=None, features=features)
    problems = {(error["row"], error["field"]) for error in rejected.value.report.errors}
    assert {
        (2, "code"),
        (4, "code"),
        (5, "geometry"),
        (6, "geometry"),
        (7, "geometry"),
        (8, "parent_code"),
        (9, "kind"),
        (10, "geometry"),
    } <= problems
    messages = " ".join(error["message"] for error in rejected.value.report.errors)
    assert "Self-intersection" in messages
    assert not Grid.objects.exists()


def test_gcj02_file_is_converted_to_wgs84(no_grids):
    x0, y0 = wgs84_to_gcj02(116.96, 36.67)
    grids_import(actor=None, features=[feature("G", x0=x0, y0=y0)], crs="gcj02")
    corners = shapely.get_coordinates(shapely.from_wkb(bytes(Grid.objects.get(code="G").wkb)))
    assert min(abs(lng - 116.96) + abs(lat - 36.67) for lng, lat in corners) < 1e-6


def test_geojson_round_trip_keeps_geometry_and_attributes(db, tmp_path):
    call_command("load_demo", without_cases=True, verbosity=0)
    before = {
        g.code: (
            g.name,
            g.kind,
            g.population,
            g.households,
            g.wkb.tobytes() if hasattr(g.wkb, "tobytes") else bytes(g.wkb),
        )
        for g in Grid.objects.all()
    }
    exported = "".join(stream_feature_collection(Grid.objects.all()))
    Grid.objects.filter(parent__isnull=False).update(parent=None)
    GridGeometryVersion.objects.all().delete()
    from civicgrid.testing import without_demo_grids

    without_demo_grids()
    features = read_features(exported.encode(), "grids.geojson")
    grids_import(actor=None, features=features)
    after = {g.code: (g.name, g.kind, g.population, g.households, bytes(g.wkb)) for g in Grid.objects.all()}
    assert after.keys() == before.keys()
    for code, (name, kind, population, households, wkb) in before.items():
        assert after[code][:4] == (name, kind, population, households)
        assert shapely.equals_exact(
            shapely.normalize(shapely.from_wkb(after[code][4])),
            shapely.normalize(shapely.from_wkb(wkb)),
            tolerance=1e-9,
        )


def test_not_json_is_a_file_error():
    with pytest.raises(GridFileError, match="JSON"):
        read_features(b"{not json", "x.geojson")


def test_projected_crs_declaration_is_refused():
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4547"}}, "features": []}
    with pytest.raises(GridFileError, match="4547"):
        read_features(json.dumps(doc).encode(), "x.geojson")


def _zipped_shapefile(prj: str | None = None) -> bytes:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON, encoding="gbk")
    writer.field("CODE", "C", 20)
    writer.field("NAME", "C", 50)
    writer.field("KIND", "C", 20)
    writer.poly([[[116.96, 36.67], [116.96, 36.68], [116.97, 36.68], [116.97, 36.67], [116.96, 36.67]]])
    writer.record("SHP1", "堤口庄社区", "community")
    writer.close()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("grids.shp", shp.getvalue())
        zipped.writestr("grids.shx", shx.getvalue())
        zipped.writestr("grids.dbf", dbf.getvalue())
        if prj:
            zipped.writestr("grids.prj", prj)
    return archive.getvalue()


def test_zipped_shapefile_with_gbk_names_imports(no_grids):
    features = read_features(_zipped_shapefile('GEOGCS["GCS_WGS_1984"]'), "grids.zip")
    grids_import(actor=None, features=features)
    assert Grid.objects.get(code="SHP1").name == "堤口庄社区"


def test_projected_shapefile_is_refused():
    with pytest.raises(GridFileError, match="投影坐标系"):
        read_features(_zipped_shapefile('PROJCS["CGCS2000_3_Degree_GK_CM_117E"]'), "grids.zip")


def test_import_command_reports_rows_and_fails(db, tmp_path, capsys):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature("")]}), encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_grids", str(path), verbosity=0)
    assert "row 1" in capsys.readouterr().err


def test_export_command_writes_geojson(no_grids, tmp_path):
    grids_import(actor=None, features=[feature("E1")])
    out = tmp_path / "out.geojson"
    call_command("export_grids", output=str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["code"] for f in document["features"]] == ["E1"]
