"""Assisting departments of a dispatch: each once, and not without end."""

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.services import transition


def test_a_department_named_500_times_assists_once(world):
    case = transition(
        case=world.filed_case(),
        action="dispatch",
        actor=world.dispatcher,
        department=world.hw,
        assists=[world.sz] * 500,
    )
    assert list(case.assignments.filter(role="assist").values_list("department", flat=True)) == [world.sz.pk]


def test_more_assisting_departments_than_the_cap_is_a_field_error(world, monkeypatch):
    monkeypatch.setattr(services, "MAX_ASSISTS", 1)
    case = world.filed_case()
    with pytest.raises(ValidationError) as raised:
        transition(
            case=case, action="dispatch", actor=world.dispatcher, department=world.hw, assists=[world.sz, world.yl]
        )
    assert "assists" in raised.value.message_dict
    case.refresh_from_db()
    assert case.state == "filed"


def test_the_api_answers_too_many_assisting_departments_with_a_400(client, world, monkeypatch):
    monkeypatch.setattr(services, "MAX_ASSISTS", 1)
    case = world.filed_case()
    client.force_login(world.dispatcher)
    response = client.post(
        f"/api/v1/cases/{case.pk}/actions/dispatch/",
        {"department": world.hw.code, "assists": [world.sz.code, world.yl.code]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "assists" in response.json()["error"]["fields"]
