"""A report whose worker stopped halfway is made again, once, and one still being made is left alone."""

from datetime import date, timedelta

from django.utils import timezone

from command.models import Report, ReportKind, ReportStatus
from command.report_tasks import resume_stale_reports, run_report


def report(world, *, status, started_minutes_ago=None, created_minutes_ago=0) -> Report:
    now = timezone.now()
    return Report.objects.create(
        kind=ReportKind.WEEKLY,
        org_unit=world.commander.org_unit,
        start=date(2026, 11, 16),
        end=date(2026, 11, 22),
        status=status,
        created_at=now - timedelta(minutes=created_minutes_ago),
        started_at=None if started_minutes_ago is None else now - timedelta(minutes=started_minutes_ago),
    )


def test_a_report_left_running_by_a_stopped_worker_is_made_again(world, settings):
    settings.REPORT_STALE_AFTER = timedelta(minutes=30)
    stuck = report(world, status=ReportStatus.RUNNING, started_minutes_ago=45, created_minutes_ago=46)
    lost = report(world, status=ReportStatus.QUEUED, created_minutes_ago=40)  # its task went with the queue
    busy = report(world, status=ReportStatus.RUNNING, started_minutes_ago=5, created_minutes_ago=6)
    resume_stale_reports.call_local()
    for row in (stuck, lost):
        row.refresh_from_db()
        assert row.status == ReportStatus.READY and row.xlsx and row.pdf
        assert row.started_at > timezone.now() - timedelta(minutes=1)
    busy.refresh_from_db()
    assert busy.status == ReportStatus.RUNNING and not busy.xlsx


def test_a_report_being_made_is_not_claimed_by_a_second_worker(world):
    busy = report(world, status=ReportStatus.RUNNING, started_minutes_ago=1)
    assert run_report(busy.pk).status == ReportStatus.RUNNING
    busy.refresh_from_db()
    assert not busy.xlsx
