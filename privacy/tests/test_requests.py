import json
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from cases.models import Case
from privacy.models import PersonalDataRequest, RequestKind
from privacy.services import PrivacyError, person_erase, person_export, retention_run


def test_an_export_holds_every_report_of_the_person_and_nobody_elses(citizen_case, admin_user):
    mine = [citizen_case().number, citizen_case(phone="+86 13912345678").number]
    citizen_case(phone="13700000000", name="李雷")
    document = person_export(phone="139 1234 5678", actor=admin_user)
    records = document["records"]["cases"]
    assert sorted(r["number"] for r in records) == sorted(mine)
    assert all(r["reporter_phone"].endswith("5678") for r in records)
    # Other modules declare their sources too; none of them holds anything of this person here.
    assert {key: n for key, n in PersonalDataRequest.objects.get().counts.items() if n} == {"cases": 2}
    assert AuditEntry.objects.filter(action="privacy.export").count() == 1


def test_an_erasure_keeps_the_cases_without_the_person(citizen_case, admin_user):
    case = citizen_case()
    other = citizen_case(phone="13700000000", name="李雷")
    erased = person_erase(phone="13912345678", actor=admin_user, reason="本人 2026-12-01 书面申请")
    assert {key: n for key, n in erased.items() if n} == {"cases": 1}
    case.refresh_from_db()
    assert (case.reporter_name, case.reporter_phone, case.reporter_email, case.reporter_phone_hash) == ("", "", "", "")
    assert case.description == "楼道堆物" and case.number
    other.refresh_from_db()
    assert other.reporter_name == "李雷"
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.data["reason"] == "本人 2026-12-01 书面申请"
    assert person_export(phone="13912345678", actor=admin_user)["records"]["cases"] == []


def test_an_erasure_needs_a_reason(citizen_case, admin_user):
    citizen_case()
    with pytest.raises(PrivacyError) as error:
        person_erase(phone="13912345678", actor=admin_user, reason="  ")
    assert error.value.field == "reason"
    assert Case.objects.get().reporter_phone == "13912345678"


def test_a_phone_too_short_is_refused(admin_user):
    with pytest.raises(PrivacyError) as error:
        person_export(phone="12-34", actor=admin_user)
    assert error.value.field == "phone"


def test_retention_removes_contacts_of_cases_closed_long_ago_only(citizen_case, settings):
    settings.CITIZEN_CONTACT_RETENTION_DAYS = 30
    old, recent, open_case = citizen_case(), citizen_case(), citizen_case()
    now = timezone.now()
    Case.objects.filter(pk=old.pk).update(state="closed", closed_at=now - timedelta(days=31))
    Case.objects.filter(pk=recent.pk).update(state="closed", closed_at=now - timedelta(days=29))
    assert retention_run(now=now) == {"cases": 1}
    assert Case.objects.get(pk=old.pk).reporter_phone == ""
    assert Case.objects.get(pk=recent.pk).reporter_phone == "13912345678"
    assert Case.objects.get(pk=open_case.pk).reporter_phone == "13912345678"
    assert PersonalDataRequest.objects.get().kind == RequestKind.RETENTION
    assert retention_run(now=now) == {"cases": 0}
    assert PersonalDataRequest.objects.count() == 1


def test_the_page_exports_json_for_the_administrator(client, citizen_case, admin_user):
    citizen_case()
    client.force_login(admin_user)
    response = client.post("/privacy/", {"phone": "13912345678", "action": "export"})
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["records"]["cases"][0]["reporter_name"] == "王芳"


def test_the_page_shows_counts_and_erases_with_confirmation(client, citizen_case, admin_user):
    citizen_case()
    client.force_login(admin_user)
    found = client.post("/privacy/", {"phone": "13912345678", "action": "look"})
    assert found.status_code == 200 and 'data-testid="found"' in found.text
    unconfirmed = client.post("/privacy/", {"phone": "13912345678", "action": "erase", "reason": "申请"})
    assert unconfirmed.status_code == 200 and Case.objects.get().reporter_phone == "13912345678"
    done = client.post("/privacy/", {"phone": "13912345678", "action": "erase", "reason": "申请", "confirm": "on"})
    assert done.status_code == 302 and Case.objects.get().reporter_phone == ""


def test_a_bad_phone_on_the_page_is_a_field_error(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/privacy/", {"phone": "abc", "action": "look"})
    assert response.status_code == 200 and 'data-field-error="phone"' in response.text
