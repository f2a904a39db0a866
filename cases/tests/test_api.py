"""REST API for cases: idempotent create, scoped list with cursor pagination, detail with timeline, actions."""

import pytest
from rest_framework.test import APIClient

from cases.models import Case


@pytest.fixture
def api(world):
    client = APIClient()
    return client


def test_create_is_idempotent_and_scoped(api, world):
    api.force_authenticate(world.patroller)
    lng, lat = world.point()
    body = {"description": "井盖缺失", "lng": lng, "lat": lat, "category": world.category.code}
    first = api.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-1")
    again = api.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-1")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and Case.objects.count() == 1


def test_the_same_key_from_another_user_is_their_own_new_report(api, world):
    lng, lat = world.point()
    body = {"description": "井盖缺失", "lng": lng, "lat": lat, "category": world.category.code}
    api.force_authenticate(world.patroller)
    first = api.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-1")
    api.force_authenticate(world.patroller2)
    other = api.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-1")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert Case.objects.get(pk=other.json()["id"]).reporter == world.patroller2


def test_create_outside_the_area_is_a_field_error(api, world):
    api.force_authenticate(world.patroller)
    response = api.post("/api/v1/cases/", {"description": "x", "lng": 116.5, "lat": 36.5}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["position"][0]["message"] == "该位置不在服务区域内。"


def test_list_uses_cursor_pagination_and_scope(api, world):
    for _ in range(3):
        world.filed_case()
    api.force_authenticate(world.operator)
    page = api.get("/api/v1/cases/?page_size=2").json()
    assert len(page["results"]) == 2 and page["next"]
    rest = api.get(page["next"]).json()
    assert len(rest["results"]) == 1
    api.force_authenticate(world.patroller2)
    assert api.get("/api/v1/cases/").json()["results"] == []


def test_detail_has_timeline_stages_and_my_actions(api, world):
    case = world.filed_case()
    api.force_authenticate(world.dispatcher)
    body = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert [e["action"] for e in body["timeline"]] == ["report", "file"]
    assert body["actions"] == ["dispatch"]
    assert body["stages"][-1]["stage"] == "dispatch"


def test_action_through_the_api_and_conflicts(api, world):
    case = world.filed_case()
    api.force_authenticate(world.dispatcher)
    url = f"/api/v1/cases/{case.pk}/actions/dispatch/"
    ok = api.post(
        url, {"department": world.hw.code, "assists": [world.sz.code], "expected_version": case.version}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["state"] == "dispatched"
    stale = api.post(url, {"department": world.hw.code, "expected_version": case.version}, format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "case_changed"
    again = api.post(url, {"department": world.hw.code}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"


def test_missing_required_field_is_reported_by_name(api, world):
    case = world.filed_case()
    api.force_authenticate(world.operator)
    response = api.post(f"/api/v1/cases/{case.pk}/actions/close_transferred/", {}, format="json")
    assert response.status_code == 409  # operators may not; shift leads may
    api.force_authenticate(world.shift_lead)
    response = api.post(f"/api/v1/cases/{case.pk}/actions/close_transferred/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]


def test_categories_list_their_conditions(api, world):
    api.force_authenticate(world.patroller)
    body = api.get("/api/v1/categories/?page_size=200").json()
    manhole = next(c for c in body["results"] if c["code"] == "component-0101")
    assert len(manhole["conditions"]) == 4


def test_token_authentication(world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.operator)
    client = APIClient()
    assert client.get("/api/v1/cases/").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/cases/").status_code == 200


def test_nul_characters_are_input_errors_not_server_errors(api, world):
    api.force_authenticate(world.patroller)
    lng, lat = world.point()
    response = api.post(
        "/api/v1/cases/", {"description": "x", "lng": lng, "lat": lat, "category": "e\x004"}, format="json"
    )
    assert response.status_code == 400 and "category" in response.json()["error"]["fields"]
    assert api.get("/api/v1/cases/", {"q": "a\x00b"}).status_code == 200
