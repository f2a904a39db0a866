"""Property-based fuzzing of the GeoJSON we read: the outline drawn or uploaded in the grid geometry editor, and grid
files for the import. Any hostile document is a clear error (a form error, GeometryError, GridFileError or a
row-level rejection), never another exception; derandomized and bounded for CI."""

import contextlib
import json
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from grids.forms import GridGeometryForm
from grids.geometry import GeometryError, parse_polygon
from grids.io import GridFileError, read_features
from grids.models import Grid
from grids.services import GridImportRejected, grids_import

TRIED: Counter = Counter()
FUZZ = settings(max_examples=200, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))

NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**70), 2**70),
    st.floats(116.9, 117.1),  # inside the demo subdistrict, so some outlines get as far as shapely
    st.floats(36.6, 36.75),
)
JSON = st.recursive(
    st.none() | st.booleans() | NUMBER | st.text(max_size=8),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=40,
)
POSITION = st.one_of(st.lists(NUMBER, min_size=0, max_size=4), JSON)
RING = st.lists(POSITION, max_size=8)
COORDINATES = st.one_of(
    st.lists(RING, max_size=3), st.lists(st.lists(RING, max_size=2), max_size=2), st.lists(POSITION, max_size=5), JSON
)
GEOMETRY = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["Polygon", "MultiPolygon", "Point", "LineString", "polygon", ""]),
        "coordinates": COORDINATES,
    }
)
DOCUMENT = st.one_of(
    GEOMETRY,
    st.fixed_dictionaries({"type": st.just("Feature"), "geometry": GEOMETRY | JSON, "properties": JSON}),
    st.fixed_dictionaries({"type": st.just("FeatureCollection"), "features": st.lists(GEOMETRY | JSON, max_size=3)}),
    st.fixed_dictionaries({"type": st.just("FeatureCollection"), "features": JSON}),
    st.fixed_dictionaries({"type": st.just("Feature"), "geometry": JSON}),
    JSON,
)
CRS = st.sampled_from(["wgs84", "gcj02", "bd09"])


def as_text(document) -> str:
    # allow_nan: a hostile client sends NaN and Infinity, which Python's json reads back.
    return json.dumps(document, allow_nan=True)


@pytest.fixture(autouse=True, scope="module")
def _say_how_many():
    yield
    print(f"\nGeoJSON, inputs tried: {dict(TRIED)}")


@FUZZ
@given(document=GEOMETRY | JSON, crs=CRS)
def test_an_outline_is_a_polygon_or_a_geometry_error(document, crs):
    TRIED["outline"] += 1
    try:
        geometry = parse_polygon(document, crs=crs)
    except GeometryError as error:
        assert str(error)
    else:
        assert geometry.is_valid and not geometry.is_empty


@FUZZ
@given(text=st.one_of(DOCUMENT.map(as_text), st.text(max_size=80)), upload=st.booleans(), crs=CRS)
def test_the_geometry_editor_form_reads_any_text_as_an_outline_or_a_field_error(text, upload, crs):
    TRIED["editor form"] += 1
    data = {"note": "修正边界", "crs": crs, "geometry": "" if upload else text}
    files = {"file": SimpleUploadedFile("outline.geojson", text.encode("utf-8", "surrogatepass"))} if upload else {}
    form = GridGeometryForm(data, files)
    if form.is_valid():
        with contextlib.suppress(GeometryError):  # what the view turns into a field error
            parse_polygon(form.cleaned_data["geojson"], crs=crs)
    else:
        assert all(form.errors.values())


@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    text=st.one_of(
        DOCUMENT.map(as_text), st.just('{"type": "Polygon", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}")
    )
)
def test_the_editor_page_answers_any_outline_without_a_server_error(client, db, text):
    TRIED["editor page"] += 1
    client.force_login(User.objects.get(username="admin"))
    grid = Grid.objects.get(code="G-DK-C01")
    response = client.post(f"/grids/{grid.pk}/geometry/", {"geometry": text, "crs": "wgs84", "note": "修正"})
    assert response.status_code in (302, 400)


@FUZZ
@given(
    data=st.one_of(
        DOCUMENT.map(lambda d: as_text(d).encode()),
        st.fixed_dictionaries({"type": st.just("FeatureCollection"), "crs": JSON, "features": JSON}).map(
            lambda d: as_text(d).encode()
        ),
        st.binary(max_size=100),
        st.binary(max_size=60).map(lambda tail: b"PK\x03\x04" + tail),
    ),
    name=st.sampled_from(["grids.geojson", "grids.zip", "grids.json"]),
)
def test_a_grid_file_is_features_or_a_file_error(data, name):
    TRIED["grid file"] += 1
    try:
        features = read_features(data, name)
    except GridFileError as error:
        assert str(error)
    else:
        assert isinstance(features, list)


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    features=st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "type": st.just("Feature"),
                    "geometry": GEOMETRY | JSON,
                    "properties": st.fixed_dictionaries(
                        {},
                        optional={
                            "code": st.text(max_size=12) | JSON,
                            "name": st.text(max_size=12) | JSON,
                            "kind": st.sampled_from(["road", "community", "unit", "x"]) | JSON,
                            "parent_code": st.sampled_from(["G-DK-C01", ""]) | JSON,
                            "org_unit_code": JSON,
                            "population": NUMBER | st.text(max_size=5) | JSON,
                            "households": NUMBER | st.text(max_size=5) | JSON,
                        },
                    )
                    | JSON,
                }
            ),
            JSON,
        ),
        max_size=4,
    ),
    crs=CRS,
)
def test_grid_features_are_imported_or_rejected_row_by_row(db, features, crs):
    TRIED["import rows"] += 1
    try:
        grids_import(actor=None, features=features, crs=crs)
    except GridImportRejected as rejected:
        assert all(error["message"] for error in rejected.report.errors)
    except ValidationError as error:  # a service's field error: shown as such by the import page
        assert error.messages
