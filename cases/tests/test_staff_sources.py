"""A staff member enters reports only from the sources of their role; never as a citizen or an Open311 app."""

import pytest

from cases.models import Case


def _form(client, user, world, source):
    client.force_login(user)
    lng, lat = world.point()
    data = {"description": "井盖缺失", "lng": lng, "lat": lat, "source": source, "idempotency_key": f"k-{source}"}
    return client.post("/cases/new/", data)


@pytest.mark.parametrize("source", ["open311", "citizen", "hotline"])
def test_a_patroller_cannot_give_their_report_another_source_than_patrol(client, world, source):
    response = _form(client, world.patroller, world, source)
    assert response.status_code == 400 and "source" in response.context["form"].errors
    assert not Case.objects.exists()


@pytest.mark.parametrize("source", ["open311", "citizen"])
def test_the_intake_desk_cannot_enter_a_report_as_citizen_or_open311(client, world, source):
    assert _form(client, world.operator, world, source).status_code == 400
    assert not Case.objects.exists()


def test_the_intake_desk_enters_a_hotline_call(client, world):
    assert _form(client, world.operator, world, "hotline").status_code == 302
    assert Case.objects.get().source == "hotline"


def test_the_patroller_form_offers_patrol_only(client, world):
    client.force_login(world.patroller)
    form = client.get("/cases/new/").context["form"]
    assert [value for value, _label in form.fields["source"].choices] == ["patrol"]


def test_the_api_refuses_a_source_outside_the_role(client, world):
    client.force_login(world.patroller)
    lng, lat = world.point()
    body = {"description": "井盖缺失", "lng": lng, "lat": lat, "source": "hotline"}
    response = client.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 400 and "source" in response.json()["error"]["fields"]
    response = client.post("/api/v1/cases/", {**body, "source": "open311"}, content_type="application/json")
    assert response.status_code == 400 and "source" in response.json()["error"]["fields"]
    assert not Case.objects.exists()
