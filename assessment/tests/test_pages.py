"""The assessment pages: who may open them, what they show, and the phone's submission API."""

import pytest
from django.urls import reverse

from assessment.models import Deduction, FieldCheck
from cases.tests.conftest import photo


def login(client, user):
    client.force_login(user)
    return client


def test_the_score_page_lists_deductions_by_points_and_links_their_cases(client, checks):
    checks.check(failures=(0,), count=3)  # 0.30
    checks.check(failures=(1,), key="k2")  # 0.10
    page = login(client, checks.assessor).get(reverse("assessment:score"), {"unit": checks.site.org_unit_id})
    assert page.status_code == 200
    html = page.content.decode()
    deductions = list(Deduction.objects.order_by("-points"))
    first, second = (html.index(reverse("cases:detail", args=[d.case_id])) for d in deductions)
    assert first < second
    assert "−0.30" in html and 'data-testid="points-lost"' in html


@pytest.mark.parametrize("username", ["patroller", "handler", "volunteer"])
def test_the_assessment_pages_are_not_for_other_roles(client, checks, username):
    login(client, checks.users[username])
    for name in ("assessment:score", "assessment:sites", "assessment:mobile"):
        assert client.get(reverse(name)).status_code == 403


def test_a_commander_sees_the_score_but_does_not_check(client, checks):
    login(client, checks.commander)
    assert client.get(reverse("assessment:score")).status_code == 200
    assert client.get(reverse("assessment:mobile")).status_code == 403


def test_a_unit_outside_the_scope_is_not_found(client, checks):
    outsider = checks.outsider()
    response = login(client, outsider).get(reverse("assessment:score"), {"unit": checks.site.org_unit_id})
    assert response.status_code == 404
    assert client.get(reverse("assessment:site", args=[checks.site.pk])).status_code == 404


def test_bad_query_values_are_no_error(client, checks):
    login(client, checks.assessor)
    for query in ({"unit": "abc"}, {"unit": "99999999999999"}, {"kind": "x"}, {"page": "-1"}):
        assert client.get(reverse("assessment:score"), query).status_code == 200


def test_a_recheck_shows_last_times_open_failures_first(client, checks):
    checks.check(failures=(4,))
    html = (
        login(client, checks.assessor)
        .get(reverse("assessment:mobile_check", args=[checks.site.pk, "civilization"]))
        .content.decode()
    )
    assert html.index(f'data-item="{checks.items[4].pk}"') < html.index(f'data-item="{checks.items[0].pk}"')
    assert 'data-testid="failed-last-time"' in html


def form_data(checks, failures=()):
    data = {"site": checks.site.pk, "scheme": checks.scheme.pk}
    for index, item in enumerate(checks.items):
        data[f"outcome-{item.pk}"] = "fail" if index in failures else "pass"
        if index in failures:
            data[f"photos-{item.pk}"] = photo()
    return data


def test_the_phone_submits_once_with_its_key(client, checks):
    login(client, checks.assessor)
    url = reverse("assessment:api_checks")
    first = client.post(url, form_data(checks, failures=(0, 1)), HTTP_IDEMPOTENCY_KEY="phone-1")
    assert first.status_code == 201 and first.json()["failed"] == 2
    again = client.post(url, form_data(checks, failures=(0, 1)), HTTP_IDEMPOTENCY_KEY="phone-1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert FieldCheck.objects.count() == 1 and Deduction.objects.count() == 2


def test_the_phone_gets_field_errors_in_the_api_shape(client, checks):
    login(client, checks.assessor)
    data = form_data(checks)
    data[f"outcome-{checks.items[0].pk}"] = "fail"  # and no photo
    response = client.post(reverse("assessment:api_checks"), data, HTTP_IDEMPOTENCY_KEY="phone-2")
    assert response.status_code == 400
    assert f"item-{checks.items[0].pk}" in response.json()["error"]["fields"]
    bad = client.post(reverse("assessment:api_checks"), {"site": "x"}, HTTP_IDEMPOTENCY_KEY="phone-3")
    assert bad.status_code == 400 and "site" in bad.json()["error"]["fields"]


def test_nearby_sites_come_nearest_first(client, checks):
    login(client, checks.assessor)
    response = client.get(reverse("assessment:api_nearby"), {"lng": checks.site.lng, "lat": checks.site.lat})
    assert response.status_code == 200
    assert response.json()["sites"][0]["id"] == checks.site.pk
    assert client.get(reverse("assessment:api_nearby"), {"lng": "nan", "lat": "1e400"}).status_code == 400


def test_an_assessor_adds_a_site_and_a_bad_position_is_a_field_error(client, checks):
    login(client, checks.assessor)
    lng, lat = checks.point(checks.grid2)
    data = {"name": "新市场", "location_type": checks.compound_type.pk, "lng": lng, "lat": lat}
    response = client.post(reverse("assessment:site_new"), data)
    assert response.status_code == 302
    outside = client.post(reverse("assessment:site_new"), {**data, "name": "远处", "lng": 116.5, "lat": 36.5})
    assert outside.status_code == 200 and "该位置不在服务区域内" in outside.content.decode()


def test_supervision_lists_overdue_deductions_and_repeated_failures_and_a_commander_supervises(client, checks):
    import time_machine

    from cases.services import transition
    from cases.tests.conftest import at

    checks.check(failures=(0,))
    checks.check(failures=(0,), key="k2", when="2026-12-01 09:00")
    deduction = Deduction.objects.get()
    case = deduction.case
    condition = case.category.conditions.first()
    case = transition(case=case, action="file", actor=checks.operator, category=case.category, condition=condition,
                      now=at("2026-12-01 10:00"))  # fmt: skip
    transition(case=case, action="dispatch", actor=checks.dispatcher, department=checks.hw, now=at("2026-12-01 10:10"))
    with time_machine.travel(at("2026-12-20 10:00"), tick=False):  # long after the filing deadline
        html = login(client, checks.commander).get(reverse("assessment:supervision")).content.decode()
        assert deduction.case.number in html
        assert checks.items[0].name in html.split('data-testid="repeats"')[1]
        response = client.post(
            reverse("command:supervise", args=[deduction.case_id]),
            {"message": "限期整改", "next": reverse("assessment:supervision")},
        )
    assert response.status_code == 302 and response["Location"] == reverse("assessment:supervision")
    deduction.case.refresh_from_db()
    assert deduction.case.supervised


def test_the_command_screen_shows_the_points_at_stake(client, checks):
    checks.check(failures=(0, 1))
    login(client, checks.commander)
    assert "测评失分风险" in client.get(reverse("command:screen")).content.decode()
    tiles = client.get(reverse("command:screen_live")).json()["tiles"]
    assert tiles["extra"]["assessment"] == "−0.20"


def test_the_screen_map_layer_marks_sites_with_open_deductions(client, checks):
    checks.check(failures=(0,))
    login(client, checks.commander)
    page = client.get(reverse("command:screen")).content.decode()
    assert reverse("assessment:sites_geojson") in page
    data = client.get(reverse("assessment:sites_geojson")).json()
    status = {f["properties"]["name"]: f["properties"]["status"] for f in data["features"]}
    assert status["测试小区"] == "failing" and "ok" in status.values()
    login(client, checks.patroller)
    assert client.get(reverse("assessment:sites_geojson")).status_code == 403


def test_the_kpi_page_has_the_assessment_figures_of_the_period(client, checks):
    checks.check(failures=(0, 1), when="2026-11-30 10:00")
    login(client, checks.commander)
    page = client.get(
        reverse("command:kpis"),
        {"preset": "custom", "start": "2026-11-30", "end": "2026-12-06", "unit": checks.commander.org_unit_id},
    )
    html = page.content.decode()
    assert 'data-testid="kpi-assessment"' in html and "2 (−0.20)" in html


def test_the_weekly_report_has_the_assessment_tables(checks):
    import io
    from datetime import date

    from openpyxl import load_workbook

    from command.models import Report
    from command.reports import build_workbook, report_data

    checks.check(failures=(0, 1), when="2026-11-30 10:00")
    report = Report.objects.create(
        kind="weekly", org_unit=checks.commander.org_unit, start=date(2026, 11, 30), end=date(2026, 12, 6)
    )
    book = load_workbook(io.BytesIO(build_workbook(report_data(report=report))))
    sheet = book["创城测评"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("文明城市测评", 1, 2, 0.2)
    assert rows[1][6:] == (2, 0.2)  # still open at the end of the week
