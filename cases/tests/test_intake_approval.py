"""Filing and voiding on the shift lead's approval (WorkflowSettings.intake_approval): requests, decisions, queues."""

import pytest
from rest_framework.test import APIClient

from cases.models import CaseRequest, CaseState, RequestStatus, Resolution, WorkflowSettings
from cases.queues import QUEUES_BY_KEY
from cases.selectors import allowed_transitions
from cases.services import TransitionNotAllowed, case_report, transition
from cases.tests.conftest import at
from civicgrid.config_cache import forget


@pytest.fixture
def approval(world):
    WorkflowSettings.objects.update(intake_approval=True)
    forget()
    yield world
    forget()


def reported(world):
    lng, lat = world.point()
    case, _ = case_report(
        source="patrol", description="垃圾", lng=lng, lat=lat, actor=world.patroller, now=at("2026-11-30 09:00")
    )
    return case


def go(case, action, actor, when="2026-11-30 09:20", **fields):
    return transition(case=case, action=action, actor=actor, now=at(when), **fields)


def request_file(world, case):
    return go(case, "request_file", world.operator, category=world.category, condition=world.condition)


def actions(case, user):
    return {t.action for t in allowed_transitions(case, user)}


def test_without_the_switch_the_operator_files_directly_and_cannot_request(world):
    case = reported(world)
    assert {"file", "void"} <= actions(case, world.operator)
    assert not {"request_file", "request_void"} & actions(case, world.operator)
    with pytest.raises(TransitionNotAllowed):
        request_file(world, case)
    assert go(case, "file", world.operator, category=world.category, condition=world.condition).state == "filed"


def test_with_the_switch_the_operator_may_not_file_directly(approval):
    case = reported(approval)
    assert actions(case, approval.operator) >= {"request_file", "request_void"}
    assert not {"file", "void"} & actions(case, approval.operator)
    with pytest.raises(TransitionNotAllowed, match="值班长"):
        go(case, "file", approval.operator, category=approval.category, condition=approval.condition)


def test_operator_requests_filing_and_the_shift_lead_approves(approval):
    case = request_file(approval, reported(approval))
    assert case.state == CaseState.REPORTED and case.version == 2
    request = CaseRequest.objects.get(case=case)
    assert (request.kind, request.status, request.condition) == ("file", "pending", approval.condition)
    assert not {"request_file", "request_void"} & actions(case, approval.operator)
    assert actions(case, approval.shift_lead) >= {"approve_file", "reject_request", "file", "void"}
    assert "approve_void" not in actions(case, approval.shift_lead)

    case = go(case, "approve_file", approval.shift_lead, "2026-11-30 09:30", note="同意")
    assert case.state == CaseState.FILED and case.category == approval.category
    assert case.rules["limit"] == "4" and case.filed_at == at("2026-11-30 09:30")
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.decided_by == approval.shift_lead
    event = case.events.get(action="approve_file")
    assert event.payload["kpi"]["stage"] == "filing" and event.created_at == at("2026-11-30 09:30")


def test_operator_requests_voiding_and_the_shift_lead_approves(approval):
    case = go(reported(approval), "request_void", approval.operator, reason="重复上报")
    case = go(case, "approve_void", approval.shift_lead, "2026-11-30 09:30")
    assert case.state == CaseState.VOIDED and case.resolution == Resolution.INVALID
    assert case.events.get(action="approve_void").note == "重复上报"
    assert CaseRequest.objects.get(case=case).status == RequestStatus.APPROVED


def test_shift_lead_rejects_a_request_and_the_operator_may_ask_again(approval):
    case = request_file(approval, reported(approval))
    case = go(case, "reject_request", approval.shift_lead, "2026-11-30 09:30", reason="立案条件选错")
    assert case.state == CaseState.REPORTED
    request = CaseRequest.objects.get(case=case)
    assert request.status == RequestStatus.REJECTED and request.decision_note == "立案条件选错"
    assert "request_file" in actions(case, approval.operator)
    case = go(case, "request_void", approval.operator, "2026-11-30 09:40", reason="无效上报")
    assert CaseRequest.objects.filter(case=case, status="pending").count() == 1


def test_reject_needs_a_reason(approval):
    from django.core.exceptions import ValidationError

    case = request_file(approval, reported(approval))
    with pytest.raises(ValidationError) as error:
        go(case, "reject_request", approval.shift_lead, reason=" ")
    assert "reason" in error.value.message_dict


def test_only_the_shift_lead_approves(approval):
    case = request_file(approval, reported(approval))
    for user in (approval.operator, approval.dispatcher, approval.commander, approval.patroller):
        with pytest.raises(TransitionNotAllowed):
            go(case, "approve_file", user)
        with pytest.raises(TransitionNotAllowed):
            go(case, "reject_request", user, reason="不同意")
    assert CaseRequest.objects.get(case=case).status == RequestStatus.PENDING


def test_a_second_request_while_one_waits_is_refused(approval):
    case = request_file(approval, reported(approval))
    with pytest.raises(TransitionNotAllowed, match="等待"):
        go(case, "request_void", approval.operator, reason="重复")


def test_nothing_to_approve_is_refused(approval):
    case = reported(approval)
    with pytest.raises(TransitionNotAllowed):
        go(case, "approve_file", approval.shift_lead)
    assert not {"approve_file", "approve_void", "reject_request"} & actions(case, approval.shift_lead)


def test_shift_lead_files_directly_and_a_waiting_request_is_cancelled(approval):
    case = go(reported(approval), "request_void", approval.operator, reason="无效")
    case = go(case, "file", approval.shift_lead, category=approval.category, condition=approval.condition)
    assert case.state == CaseState.FILED
    assert CaseRequest.objects.get(case=case).status == RequestStatus.CANCELLED


def test_waiting_requests_move_from_intake_to_the_approvals_queue(approval, client):
    waiting = request_file(approval, reported(approval))
    other = reported(approval)
    intake = QUEUES_BY_KEY["intake"].cases(approval.operator)
    assert list(intake) == [other]
    assert list(QUEUES_BY_KEY["approvals"].cases(approval.shift_lead)) == [waiting]
    client.force_login(approval.shift_lead)
    home = client.get("/").content.decode()
    assert "待审批" in home
    page = client.get(f"/cases/{waiting.pk}/").content.decode()
    assert 'data-testid="pending-request"' in page and 'data-testid="action-approve_file"' in page


def test_approval_from_the_case_page(approval, client):
    case = request_file(approval, reported(approval))
    client.force_login(approval.shift_lead)
    response = client.post(
        f"/cases/{case.pk}/act/reject_request/", {"reject_request-reason": "", "reject_request-version": case.version}
    )
    assert response.status_code == 400 and "该字段是必填项" in response.content.decode()
    response = client.post(
        f"/cases/{case.pk}/act/approve_file/", {"approve_file-note": "", "approve_file-version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.FILED


def test_request_and_approval_through_the_api(approval):
    case = reported(approval)
    api = APIClient()
    api.force_authenticate(approval.operator)
    url = f"/api/v1/cases/{case.pk}/actions/"
    body = {"category": approval.category.code, "condition": approval.condition.pk}
    response = api.post(url + "request_file/", body, format="json")
    assert response.status_code == 200 and response.json()["state"] == "reported"
    assert api.post(url + "approve_file/", {}, format="json").status_code == 409
    api.force_authenticate(approval.shift_lead)
    assert "approve_file" in api.get(f"/api/v1/cases/{case.pk}/").json()["actions"]
    response = api.post(url + "approve_file/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "filed"
