"""The patroller's H5 lists offer on-the-spot actions; a resent action (same Idempotency-Key) is taken once."""

from rest_framework.test import APIClient

from cases.models import CaseEvent, CaseState
from cases.services import case_report, transition
from cases.tests.conftest import photo


def reported(world, actor=None):
    lng, lat = world.point()
    case, _ = case_report(source="patrol", description="垃圾", lng=lng, lat=lat, actor=actor or world.patroller)
    return case


def disposed(world):
    case = world.filed_case()
    case = transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    case = transition(case=case, action="accept", actor=world.handler)
    return transition(case=case, action="dispose", actor=world.handler, feedback="已清理", photos_after=[photo()])


def test_my_reports_offer_fixed_on_the_spot_for_my_reported_cases(client, world):
    mine = reported(world)
    filed = world.filed_case()
    client.force_login(world.patroller)
    body = client.get("/cases/m/mine/").content.decode()
    assert f'data-testid="form-self_dispose-{mine.pk}"' in body
    assert f'data-testid="form-self_dispose-{filed.pk}"' not in body
    assert 'capture="environment"' in body and 'name="photos_before"' in body


def test_verify_list_offers_fixed_and_not_fixed(client, world):
    case = disposed(world)
    client.force_login(world.patroller)
    body = client.get("/cases/m/verify/").content.decode()
    assert f'data-testid="form-verify_ok-{case.pk}"' in body and f'data-testid="form-verify_fail-{case.pk}"' in body


def test_a_resent_action_with_the_same_key_is_taken_once(world):
    case = disposed(world)
    first = transition(
        case=case, action="verify_ok", actor=world.patroller, idempotency_key="phone-1", expected_version=5
    )
    again = transition(
        case=case, action="verify_ok", actor=world.patroller, idempotency_key="phone-1", expected_version=5
    )
    assert first.state == again.state == CaseState.VERIFIED and again.version == first.version
    assert CaseEvent.objects.filter(case=case, action="verify_ok").count() == 1


def test_api_answers_a_resend_after_success_with_the_same_result(world):
    case = disposed(world)
    api = APIClient()
    api.force_authenticate(world.patroller)
    url = f"/api/v1/cases/{case.pk}/actions/verify_fail/"
    body = {"reason": "仍有残留", "expected_version": case.version}
    first = api.post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="phone-2")
    again = api.post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="phone-2")
    assert first.status_code == again.status_code == 200
    assert first.json()["state"] == again.json()["state"] == "dispatched"
    assert first.json()["rework_count"] == again.json()["rework_count"] == 1
    other = api.post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="phone-3")
    assert other.status_code == 409


def test_self_dispose_through_the_api_needs_both_photos_and_says_so_in_chinese(world):
    case = reported(world)
    api = APIClient()
    api.force_authenticate(world.patroller)
    url = f"/api/v1/cases/{case.pk}/actions/self_dispose/"
    response = api.post(url, {"photos_before": [photo()]}, format="multipart", HTTP_IDEMPOTENCY_KEY="phone-4")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["photos_after"][0]["message"] == "至少需要一张照片。"
    response = api.post(
        url, {"photos_before": [photo()], "photos_after": [photo()]}, format="multipart", HTTP_IDEMPOTENCY_KEY="phone-4"
    )
    assert response.status_code == 200 and response.json()["state"] == "closed"
