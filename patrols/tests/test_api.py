"""The phone's JSON endpoints: start, positions, check-points, end; errors in the project's shape."""

import pytest
from django.utils import timezone

from patrols.models import CheckPoint, PatrolSession


@pytest.fixture
def phone(client, world):
    client.force_login(world.patroller)
    return client


def _start(phone, **body):
    return phone.post("/patrols/api/sessions/", body, content_type="application/json")


def _now_points(world, n=3):
    now = timezone.now()
    lng, lat = world.grid.min_lng + 0.002, world.grid.min_lat + 0.002
    return [
        {"lng": lng + i * 1e-4, "lat": lat, "t": (now - timezone.timedelta(seconds=60 - i)).isoformat()}
        for i in range(n)
    ]


def test_a_patrol_from_the_phone_start_to_end(phone, world):
    started = _start(phone, client_id="k1")
    assert started.status_code == 201
    body = started.json()
    assert body["grid"]["id"] == world.grid.pk and body["status"] == "active"
    assert _start(phone, client_id="k1").status_code == 200  # the same start, sent again
    url = f"/patrols/api/sessions/{body['id']}/points/"
    sent = phone.post(url, {"batch_id": "b1", "points": _now_points(world)}, content_type="application/json")
    assert sent.status_code == 201 and sent.json()["accepted"] == 3
    again = phone.post(url, {"batch_id": "b1", "points": _now_points(world)}, content_type="application/json")
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert phone.get("/patrols/api/sessions/current/").json()["session"]["points"] == 3
    ended = phone.post(f"/patrols/api/sessions/{body['id']}/end/", content_type="application/json")
    assert ended.json()["status"] == "ended" and ended.json()["distance_m"] > 0
    assert phone.get("/patrols/api/sessions/current/").json() == {"session": None}


def test_a_malformed_batch_answers_with_field_errors(phone, world):
    session = _start(phone).json()
    response = phone.post(
        f"/patrols/api/sessions/{session['id']}/points/",
        {"batch_id": "", "points": []},
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid"
    assert {"batch_id", "points"} <= set(error["fields"])
    assert error["fields"]["points"][0]["message"]


def test_a_malformed_start_answers_with_field_errors(phone):
    for body, field in (({"client_id": ["k1"]}, "client_id"), ({"grid": "x"}, "grid"), ({"grid": 999999}, "grid")):
        response = _start(phone, **body)
        assert response.status_code == 400, body
        assert set(response.json()["error"]["fields"]) == {field}
    assert not PatrolSession.objects.exists()


def test_someone_elses_patrol_is_not_found(client, phone, world):
    session = _start(phone).json()
    client.force_login(world.patroller2)
    response = client.post(
        f"/patrols/api/sessions/{session['id']}/points/",
        {"batch_id": "x", "points": _now_points(world)},
        content_type="application/json",
    )
    assert response.status_code == 404 and response.json()["error"]["status"] == 404


def test_users_who_do_not_patrol_cannot_start(client, world):
    client.force_login(world.users["dispatcher"])
    response = client.post("/patrols/api/sessions/", {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["fields"]["non_field_errors"]
    assert not PatrolSession.objects.exists()


def test_a_check_point_is_confirmed_only_near_it(phone, world):
    checkpoint = CheckPoint.objects.create(grid=world.grid, name="市场", lng=116.9650, lat=36.6715, radius_m=30)
    session = _start(phone).json()
    assert [cp["name"] for cp in session["checkpoints"]] == ["市场"]
    url = f"/patrols/api/sessions/{session['id']}/checkpoints/{checkpoint.pk}/"
    far = phone.post(url, {"lng": 116.9660, "lat": 36.6715}, content_type="application/json")  # ~89 m
    assert far.status_code == 400 and "position" in far.json()["error"]["fields"]
    near = phone.post(url, {"lng": 116.96505, "lat": 36.67152}, content_type="application/json")
    assert near.status_code == 201 and near.json()["distance_m"] < 10
    assert phone.get(f"/patrols/api/sessions/{session['id']}/").json()["checkpoints"][0]["visited"] is True


def test_anonymous_callers_are_refused(client):
    response = client.post("/patrols/api/sessions/", {}, content_type="application/json")
    assert response.status_code in (401, 403) and "error" in response.json()
