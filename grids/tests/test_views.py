import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.models import OrgUnit, RoleCode, User
from accounts.tests.factories import make_user
from grids.models import Grid, GridImport
from grids.tests.factories import make_grid, square


@pytest.fixture
def demo(db):
    call_command("load_demo", without_cases=True, verbosity=0)


def login(client, username):
    client.force_login(User.objects.get(username=username))


def test_map_page_for_staff_is_chinese(client, demo):
    login(client, "commander")
    body = client.get("/grids/").content.decode()
    assert "网格地图" in body


def test_volunteer_cannot_open_map(client, demo):
    login(client, "volunteer")
    assert client.get("/grids/").status_code == 403


def test_geojson_has_the_15_demo_grids_for_subdistrict_staff(client, demo):
    login(client, "commander")
    features = client.get("/grids/geojson/").json()["features"]
    kinds = sorted(f["properties"]["kind"] for f in features)
    assert kinds.count("road") == 4
    assert kinds.count("community") == 11


def test_community_patroller_sees_only_own_grid_and_404_for_neighbour(client, demo):
    login(client, "patroller")
    features = client.get("/grids/geojson/").json()["features"]
    assert [f["properties"]["code"] for f in features] == ["G-DK-C01"]
    neighbour = Grid.objects.get(code="G-DK-C02")
    assert client.get(f"/grids/{neighbour.pk}/card/").status_code == 404
    assert client.get(f"/api/v1/grids/{neighbour.pk}/").status_code == 404


def test_card_masks_phones_for_patroller(client, demo):
    login(client, "patroller")
    grid = Grid.objects.get(code="G-DK-C01")
    body = client.get(f"/grids/{grid.pk}/card/").content.decode()
    assert "网格长" in body
    assert "139****" in body


def test_card_query_count_is_fixed(client, demo, django_assert_max_num_queries):
    login(client, "commander")
    grid = Grid.objects.get(code="G-DK-C01")
    with django_assert_max_num_queries(10):  # grid, members, partners, open cases: a fixed number
        client.get(f"/grids/{grid.pk}/card/")


def test_bbox_filter_and_bad_bbox(client, demo):
    login(client, "commander")
    assert len(client.get("/grids/geojson/?bbox=116.0,36.0,116.1,36.1").json()["features"]) == 0
    response = client.get("/grids/geojson/?bbox=a,b")
    assert response.status_code == 400
    assert "bbox" in response.json()["error"]["fields"]


def test_api_locate_inside_and_outside(client, demo):
    login(client, "patroller")
    grid = Grid.objects.get(code="G-DK-C01")
    inside = client.get("/api/v1/grids/locate/", {"lng": grid.min_lng + 0.001, "lat": grid.min_lat + 0.001}).json()
    assert inside["inside"] is True
    assert inside["grids"]["community"]["code"] == "G-DK-C01"
    assert inside["grids"]["road"]["code"] == "G-DK-Z1"
    outside = client.get("/api/v1/grids/locate/", {"lng": 116.5, "lat": 36.5}).json()
    assert outside == {"lng": 116.5, "lat": 36.5, "inside": False, "message": "该位置不在服务区域内。", "grids": {}}


def test_api_locate_converts_gcj02(client, demo):
    from grids.coords import wgs84_to_gcj02

    login(client, "commander")
    grid = Grid.objects.get(code="G-DK-C01")
    lng, lat = wgs84_to_gcj02(grid.min_lng + 0.0005, grid.min_lat + 0.0005)
    found = client.get("/api/v1/grids/locate/", {"lng": lng, "lat": lat, "crs": "gcj02"}).json()
    assert found["grids"]["community"]["code"] == "G-DK-C01"
    assert abs(found["lng"] - (grid.min_lng + 0.0005)) < 1e-6


def test_api_locate_rejects_bad_input_with_field_errors(client, demo):
    login(client, "commander")
    response = client.get("/api/v1/grids/locate/", {"lng": "x", "lat": 200, "crs": "utm"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"lng", "lat", "crs"}


def test_locator_sees_a_new_grid_at_once(client, tree):
    admin = make_user(unit=tree["street"], roles=[RoleCode.ADMIN])
    client.force_login(admin)
    assert client.get("/api/v1/grids/locate/", {"lng": 117.105, "lat": 36.605}).json()["inside"] is False
    make_grid("NEW", x0=117.1, y0=36.6, org_unit=tree["a"])
    assert client.get("/api/v1/grids/locate/", {"lng": 117.105, "lat": 36.605}).json()["inside"] is True


def test_admin_redraws_outline_and_history_grows(client, demo):
    login(client, "admin")
    grid = Grid.objects.get(code="G-DK-C01")
    new_outline = json.dumps(square(116.961, 36.671, 0.002))
    response = client.post(f"/grids/{grid.pk}/geometry/", {"geometry": new_outline, "crs": "wgs84", "note": "修正边界"})
    assert response.status_code == 302
    grid.refresh_from_db()
    assert grid.geometry_version == 2
    assert list(grid.geometry_versions.values_list("note", flat=True)) == ["修正边界", "初次绘制"]


def test_bad_outline_gets_a_chinese_field_error_and_keeps_note(client, demo):
    login(client, "admin")
    grid = Grid.objects.get(code="G-DK-C01")
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[116.96, 36.67], [116.97, 36.68], [116.97, 36.67], [116.96, 36.68], [116.96, 36.67]]],
    }
    response = client.post(
        f"/grids/{grid.pk}/geometry/", {"geometry": json.dumps(bowtie), "crs": "wgs84", "note": "我的说明"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "多边形无效" in body
    assert "我的说明" in body
    grid.refresh_from_db()
    assert grid.geometry_version == 1


def test_overlapping_outline_is_refused(client, demo):
    login(client, "admin")
    grid = Grid.objects.get(code="G-DK-C01")
    response = client.post(
        f"/grids/{grid.pk}/geometry/",
        {"geometry": json.dumps(square(116.96, 36.67, 0.02)), "note": "x", "crs": "wgs84"},
    )
    assert response.status_code == 400
    assert "重叠" in response.content.decode()


def test_non_admin_cannot_change_outline(client, demo):
    login(client, "commander")
    grid = Grid.objects.get(code="G-DK-C01")
    response = client.post(f"/grids/{grid.pk}/geometry/", {"geometry": "{}", "note": "x", "crs": "wgs84"})
    assert response.status_code == 403


def test_web_import_runs_in_the_background_and_reports(client, demo):
    login(client, "admin")
    unit = OrgUnit.objects.get(code="DK-C01")
    good = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": square(116.962, 36.672, 0.001),
                "properties": {
                    "code": "U-1",
                    "name": "机床厂大院",
                    "kind": "unit",
                    "parent_code": "G-DK-C01",
                    "org_unit_code": unit.code,
                },
            }
        ],
    }
    upload = SimpleUploadedFile("good.geojson", json.dumps(good).encode(), content_type="application/geo+json")
    response = client.post("/grids/import/", {"file": upload, "crs": "wgs84"})
    job = GridImport.objects.get()
    assert response["Location"] == f"/grids/import/{job.pk}/"
    assert job.status == "done" and job.created == 1
    assert Grid.objects.get(code="U-1").parent.code == "G-DK-C01"
    assert "1 个网格已创建" in client.get(response["Location"]).content.decode()


def test_web_import_of_bad_file_lists_errors(client, demo):
    login(client, "admin")
    bad = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None, "properties": {}}]}
    upload = SimpleUploadedFile("bad.geojson", json.dumps(bad).encode())
    response = client.post("/grids/import/", {"file": upload, "crs": "wgs84"}, follow=True)
    body = response.content.decode()
    assert "未导入任何数据" in body
    assert "缺少网格编码" in body


def test_web_import_refuses_a_non_geojson_upload(client, demo):
    login(client, "admin")
    upload = SimpleUploadedFile("evil.geojson", b"MZ\x90\x00binary")
    response = client.post("/grids/import/", {"file": upload, "crs": "wgs84"})
    assert response.status_code == 400
    assert not GridImport.objects.exists()


def test_export_streams_geojson(client, demo):
    login(client, "admin")
    response = client.get("/grids/export.geojson")
    document = json.loads(b"".join(response.streaming_content))
    assert len(document["features"]) == 15


def test_card_shows_the_grids_open_cases(client, demo):
    from cases.services import case_report

    grid = Grid.objects.get(code="G-DK-C01")
    case, _ = case_report(source="citizen", description="井盖缺失", lng=grid.min_lng + 0.001, lat=grid.min_lat + 0.001)
    login(client, "commander")
    body = client.get(f"/grids/{grid.pk}/card/").content.decode()
    assert case.number in body and 'data-testid="open-count">1<' in body


@pytest.mark.parametrize(
    "geometry",
    [
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"type": "Polygon", "coordinates": json.loads("[" * 500 + "]" * 500)}),
        json.dumps({"type": "Polygon", "coordinates": [[[float("nan"), 1], [1e308, 2], [3, 4], [float("nan"), 1]]]}),
        json.dumps({"type": "Polygon", "coordinates": "nope"}),
    ],
)
def test_a_hostile_outline_is_a_field_error_not_a_server_error(client, demo, geometry):
    login(client, "admin")
    grid = Grid.objects.get(code="G-DK-C01")
    response = client.post(f"/grids/{grid.pk}/geometry/", {"geometry": geometry, "crs": "wgs84", "note": "x"})
    assert response.status_code == 400
    grid.refresh_from_db()
    assert grid.geometry_version == 1
