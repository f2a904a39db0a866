"""Date pickers show their default (the last full week), so the first 生成报告 works as the page stands."""

import io
from datetime import date

from openpyxl import load_workbook

from command.models import Report
from command.tests.test_reports_views import later, ready_report  # noqa: F401 - the fixture


def test_the_report_page_shows_the_last_full_weeks_day_in_the_picker_format(world, client, later):  # noqa: F811
    client.force_login(world.commander)
    body = client.get("/command/reports/").content.decode()
    assert 'type="date" name="day" value="2026-11-30"' in body


def test_the_patrol_statistics_filter_shows_the_last_full_month(world, client, later):  # noqa: F811
    client.force_login(world.commander)
    body = client.get("/patrols/stats/").content.decode()
    assert 'value="2026-11-01"' in body and 'value="2026-11-30"' in body


def test_the_excel_overview_calls_the_difference_a_change_not_an_edit(world, client, later):  # noqa: F811
    report = ready_report(world.commander.org_unit)
    client.force_login(world.commander)
    download = client.get(f"/command/reports/{report.pk}/xlsx/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["概览"]
    headers = {cell.value for row in sheet.iter_rows() for cell in row if cell.value}
    assert "变化" in headers and "修改" not in headers
    assert Report.objects.filter(pk=report.pk, start=date(2026, 11, 30)).exists()
