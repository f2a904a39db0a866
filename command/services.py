"""Writes of the command centre: one function per business action, audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.selectors import visible_org_units
from audit.services import audit_record
from command.models import Report, ReportKind
from command.reports import period_containing, reusable_report
from command.selectors import Period, today


def report_request(*, actor: User, org_unit: OrgUnit, kind: str, start: date, end: date) -> Report:
    """Ask for a weekly or monthly report; it is generated in the background after commit.

    A READY report of the same closed period is returned instead: its figures cannot change.
    """
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a weekly or a monthly report.")})
    if not visible_org_units(actor).filter(pk=org_unit.pk).exists():
        raise ValidationError({"org_unit": _("You may not see reports of this unit.")})
    if period_containing(kind, start) != Period(start, end):
        raise ValidationError({"start": _("A report covers one whole calendar week or month.")})
    now = today()
    if start > now:
        raise ValidationError({"start": _("This period has not begun yet.")})
    existing = reusable_report(org_unit=org_unit, kind=kind, period=Period(start, end), today=now)
    if existing is not None:
        return existing
    with transaction.atomic():
        report = Report.objects.create(kind=kind, org_unit=org_unit, start=start, end=end, requested_by=actor)
        audit_record(actor=actor, action="report_request", target=report, summary=str(report))
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from command.report_tasks import generate_report

    generate_report(report_id)
