"""The report pages: request a report, watch it, download it; only for units the user may see."""

import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from accounts.models import RoleCode
from accounts.tests.factories import make_user
from audit.models import AuditEntry
from cases.tests.conftest import at
from command.models import Report, ReportKind, ReportStatus
from command.reports import build_report
from command.services import report_request
from command.tests.test_reports import known_week

AFTER_THE_WEEK = at("2026-12-08 10:00")


@pytest.fixture
def later():
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        yield


def ready_report(unit) -> Report:
    report = Report.objects.create(
        kind=ReportKind.WEEKLY, org_unit=unit, start=date(2026, 11, 30), end=date(2026, 12, 6)
    )
    build_report(report=report)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.READY)
    return report


def test_a_commander_requests_a_weekly_report_and_downloads_it(
    world, client, later, django_capture_on_commit_callbacks
):
    known_week(world)
    client.force_login(world.commander)
    street = world.commander.org_unit
    page = client.get("/command/reports/")
    assert page.status_code == 200 and "周报月报" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/command/reports/", {"org_unit": street.pk, "kind": ReportKind.WEEKLY, "day": "2026-12-02"}
        )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.start, report.end, report.status) == (date(2026, 11, 30), date(2026, 12, 6), ReportStatus.READY)
    assert AuditEntry.objects.filter(action="report_request", target_id=str(report.pk)).exists()

    download = client.get(f"/command/reports/{report.pk}/xlsx/")
    assert download.status_code == 200
    assert "filename*=utf-8''" in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames[0] == "概览"
    assert client.get(f"/command/reports/{report.pk}/pdf/").status_code == 200


def test_the_row_of_a_report_being_generated_polls_for_its_status(world, client):
    report = Report.objects.create(
        kind=ReportKind.WEEKLY, org_unit=world.commander.org_unit, start=date(2026, 11, 30), end=date(2026, 12, 6)
    )
    client.force_login(world.commander)
    row = client.get(f"/command/reports/{report.pk}/row/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="queued"' in row and "hx-trigger" in row and "排队中" in row
    assert client.get(f"/command/reports/{report.pk}/xlsx/").status_code == 404


def test_a_future_period_is_refused_with_a_chinese_message(world, client, later):
    client.force_login(world.commander)
    response = client.post(
        "/command/reports/",
        {"org_unit": world.commander.org_unit.pk, "kind": ReportKind.MONTHLY, "day": "2027-01-05"},
    )
    assert response.status_code == 400
    assert "该报告期尚未开始" in response.content.decode()
    assert not Report.objects.exists()


def test_a_closed_period_already_ready_is_not_generated_again(world, later):
    street = world.commander.org_unit
    ready = ready_report(street)
    again = report_request(
        actor=world.commander, org_unit=street, kind=ReportKind.WEEKLY, start=date(2026, 11, 30), end=date(2026, 12, 6)
    )
    assert again.pk == ready.pk and Report.objects.count() == 1


def test_another_communitys_commander_cannot_download_the_report(world, client):
    report = ready_report(world.grid.org_unit)
    neighbour = make_user(unit=world.grid2.org_unit, roles=[RoleCode.COMMANDER], username="neighbour")
    client.force_login(neighbour)
    assert client.get(f"/command/reports/{report.pk}/pdf/").status_code == 404
    assert client.get(f"/command/reports/{report.pk}/row/").status_code == 404
    assert str(report.org_unit) not in client.get("/command/reports/").content.decode()
    client.force_login(world.commander)  # the street above both communities
    assert client.get(f"/command/reports/{report.pk}/pdf/").status_code == 200


def test_a_patroller_may_not_open_the_reports(world, client):
    client.force_login(world.patroller)
    assert client.get("/command/reports/").status_code == 403
