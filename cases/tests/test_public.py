"""随手拍: a resident reports without an account and follows the case; nothing personal is shown."""

import re

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from cases.models import Case, CaseFeedback
from cases.services import transition
from cases.tests.conftest import photo


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def solved():
    """The captcha of a freshly shown form, answered as a resident reads it: the key from the page, the answer from
    the challenge the page stored (another browser fetches the page, so the test's client keeps its cookies)."""
    page = Client().get("/public/report/").content.decode()
    key = re.search(r'name="captcha_0" value="(\w+)"', page)[1]
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).challenge}


def report(client, world, **overrides):
    lng, lat = world.point()
    data = {
        "description": "路灯不亮",
        "lng": lng,
        "lat": lat,
        "phone": "13912345678",
        "idempotency_key": "abc",
        "photos": [photo()],
        **solved(),
    }
    data.update(overrides)
    return client.post("/public/report/", data)


def test_resident_reports_and_gets_a_tracking_page(client, world):
    response = report(client, world)
    case = Case.objects.get()
    assert response["Location"] == f"/public/track/{case.tracking_code}/"
    assert case.source == "citizen" and case.reporter_phone == "13912345678"
    page = client.get(response["Location"]).content.decode()
    assert case.tracking_code in page and "13912345678" not in page and "139****" not in page


def test_wrong_captcha_keeps_the_text_and_asks_again(client, world):
    answer = solved()
    response = report(client, world, **{**answer, "captcha_1": "ZZZZ"})
    body = response.content.decode()
    assert response.status_code == 400 and "路灯不亮" in body
    assert 'data-field-error="captcha">字符不对或图片已过期' in body
    assert not Case.objects.exists()
    # A new picture is drawn for the next attempt, and the failed one is gone: it cannot be tried again.
    assert answer["captcha_0"] not in body and not CaptchaStore.objects.filter(hashkey=answer["captcha_0"]).exists()


def test_a_solved_captcha_cannot_be_reused(client, world):
    answer = solved()
    report(client, world, idempotency_key="one", **answer)
    response = report(client, world, idempotency_key="two", **answer)
    assert response.status_code == 400 and Case.objects.count() == 1
    assert "字符不对或图片已过期" in response.content.decode()


def test_the_answer_ignores_case_and_spaces(client, world):
    answer = solved()
    assert (
        report(client, world, captcha_1=f"  {answer['captcha_1'].lower()} ", captcha_0=answer["captcha_0"]).status_code
        == 302
    )


def test_an_expired_picture_is_refused(client, world):
    answer = solved()
    CaptchaStore.objects.filter(hashkey=answer["captcha_0"]).update(expiration=timezone.now())
    assert report(client, world, **answer).status_code == 400 and not Case.objects.exists()


def test_a_missing_or_hostile_answer_is_a_field_error(client, world):
    for answer in ({"captcha_0": "", "captcha_1": ""}, {"captcha_0": "nope", "captcha_1": "路灯\x00"}):
        response = report(client, world, **answer)
        assert response.status_code == 400 and 'data-field-error="captcha"' in response.content.decode()


def test_same_submission_twice_is_one_case(client, world):
    first = report(client, world, idempotency_key="same")
    second = report(client, world, idempotency_key="same")
    assert first["Location"] == second["Location"] and Case.objects.count() == 1


def test_the_same_key_from_another_phone_is_another_report(client, world):
    first = report(client, world, idempotency_key="same")
    second = report(client, world, idempotency_key="same", phone="13800000000")
    assert first["Location"] != second["Location"] and Case.objects.count() == 2


def test_the_same_key_from_another_browser_is_another_report(client, world):
    from django.test import Client

    client.get("/public/report/")
    other = Client()
    other.get("/public/report/")
    first = report(client, world, idempotency_key="same")
    second = report(other, world, idempotency_key="same")
    assert first["Location"] != second["Location"] and Case.objects.count() == 2


def test_reports_are_rate_limited_per_phone(client, world, settings):
    settings.CITIZEN_REPORTS_PER_HOUR = 2
    for key in ("k1", "k2"):
        assert report(client, world, idempotency_key=key).status_code == 302
    response = report(client, world, idempotency_key="k3")
    assert response.status_code == 400 and Case.objects.count() == 2


def test_outside_the_area_and_bad_photo_are_field_errors(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = report(client, world, lng=116.5, lat=36.5)
    assert "该位置不在服务区域内" in response.content.decode()
    response = report(client, world, photos=[SimpleUploadedFile("p.jpg", b"MZ\x90\x00" + b"0" * 50)])
    assert response.status_code == 400 and "p.jpg" in response.content.decode()


def test_closed_case_can_be_rated_and_reopened_by_the_resident(client, world):
    report(client, world)
    case = Case.objects.get()
    case = transition(
        case=case, action="file", actor=world.operator, category=world.category, condition=world.condition
    )
    case = transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    case = transition(case=case, action="accept", actor=world.handler)
    case = transition(case=case, action="dispose", actor=world.handler, feedback="修好了", photos_after=[photo()])
    case = transition(case=case, action="verify_ok", actor=world.patroller)
    case = transition(case=case, action="close", actor=world.shift_lead)
    url = f"/public/track/{case.tracking_code}/"
    page = client.get(url).content.decode()
    assert "已解决" in page and 'data-testid="not-fixed"' in page
    client.post(url + "feedback/", {"rating": "4", "comment": "满意"})
    assert CaseFeedback.objects.get(case=case).rating == 4
    client.post(url + "reopen/", {"reason": "又不亮了"})
    case.refresh_from_db()
    assert case.state == "filed" and case.reopen_count == 1
    assert case.events.last().actor is None and case.events.last().actor_label == "居民"


def test_a_resident_cannot_act_on_someone_elses_case(world):
    from cases.services import CaseNotFound, CitizenActor

    case = world.filed_case()
    with pytest.raises(CaseNotFound):
        transition(case=case, action="reopen", actor=CitizenActor("WRONGCODE1"), reason="x")


def test_unknown_tracking_code_is_404(client, db):
    assert client.get("/public/track/NOPE123456/").status_code == 404
    assert client.get("/public/track/?code=NOPE123456").status_code == 404


def test_the_public_form_refuses_a_report_without_a_photo_as_its_label_says(client, world):
    from cases.public import CitizenReportForm

    form = CitizenReportForm(data={"description": "路灯不亮", "lng": 116.961, "lat": 36.671})
    form.is_valid()
    assert "photos" in form.errors


def test_a_too_long_description_is_an_error_not_a_silent_cut(client):
    from cases.public import CitizenReportForm

    form = CitizenReportForm(data={"description": "长" * 1001})
    assert "maxlength" not in str(form["description"])
    form.is_valid()
    assert "1000" in str(form.errors["description"])


def test_a_place_outside_the_area_is_said_next_to_the_map(client, world):
    body = report(client, world, lng=116.5, lat=36.5).content.decode()
    after_map = body.split('id="pick-map"', 1)[1]
    assert 'data-field-error="position">该位置不在服务区域内' in after_map
