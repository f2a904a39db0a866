"""Hostile bodies to the case API are 400s in the project's error shape, never 500s."""

from cases.models import Case

NESTED = "[" * 100_000 + "]" * 100_000


def test_a_deeply_nested_body_to_report_a_case_is_a_400(client, world):
    client.force_login(world.patroller)
    response = client.post("/api/v1/cases/", NESTED, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["status"] == 400
    assert not Case.objects.exists()


def test_a_deeply_nested_body_to_a_case_action_is_a_400(client, world):
    case = world.filed_case()
    client.force_login(world.dispatcher)
    response = client.post(f"/api/v1/cases/{case.pk}/actions/dispatch/", NESTED, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["status"] == 400
    case.refresh_from_db()
    assert case.state == "filed"
