"""Hostile bodies to the patrol API are 400s in the project's error shape, never 500s."""

import pytest

from patrols.models import CheckPoint, PatrolSession

NESTED = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def phone(client, world):
    client.force_login(world.patroller)
    return client


def test_a_deeply_nested_body_to_start_a_patrol_is_a_400(phone, world):
    response = phone.post("/patrols/api/sessions/", NESTED, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["status"] == 400
    assert not PatrolSession.objects.exists()


@pytest.mark.parametrize("lng", ["NaN", "Infinity", "-Infinity", 1e308, "1e308", -181])
def test_a_check_point_confirmed_from_an_impossible_position_is_a_400(phone, world, lng):
    checkpoint = CheckPoint.objects.create(grid=world.grid, name="市场", lng=116.9650, lat=36.6715, radius_m=30)
    session = phone.post("/patrols/api/sessions/", {}, content_type="application/json").json()
    url = f"/patrols/api/sessions/{session['id']}/checkpoints/{checkpoint.pk}/"
    response = phone.post(url, {"lng": lng, "lat": 36.6715}, content_type="application/json")
    assert response.status_code == 400 and "position" in response.json()["error"]["fields"]


def test_a_bare_nan_in_json_is_refused_by_the_parser(phone, world):
    response = phone.post("/patrols/api/sessions/", '{"grid": NaN}', content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("query", ["day=2026-02-30", "day=9999-12-31", "day=0001-01-01", "month=9999-12"])
def test_patrol_pages_fall_back_to_today_on_impossible_dates(client, world, query):
    client.force_login(world.commander)
    for path in ("/patrols/", "/patrols/coverage.json", "/patrols/sessions/", f"/patrols/grids/{world.grid.pk}/"):
        assert client.get(f"{path}?{query}").status_code == 200, path
