"""A citizen's contact on the cases they reported, for requests under the 个人信息保护法 (privacy app)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseState
from civicgrid.plugins import PersonalDataSource

BATCH = 1000
CLEARED = {"reporter_name": "", "reporter_phone": "", "reporter_email": "", "reporter_phone_hash": ""}


def export(phone_hash: str) -> list[dict]:
    rows = Case.objects.filter(reporter_phone_hash=phone_hash).order_by("reported_at")
    return [
        {
            "number": case.number,
            "reported_at": case.reported_at.isoformat(),
            "state": case.state,
            "description": case.description,
            "address": case.address,
            "reporter_name": case.reporter_name,
            "reporter_phone": case.reporter_phone,
            "reporter_email": case.reporter_email,
            "tracking_code": case.tracking_code,
        }
        for case in rows.only(
            "number",
            "reported_at",
            "state",
            "description",
            "address",
            "reporter_name",
            "reporter_phone",
            "reporter_email",
            "tracking_code",
        )
    ]


def erase(phone_hash: str) -> int:
    # The case stays (its workflow, deadlines and KPIs are the office's record); the person leaves it.
    return Case.objects.filter(reporter_phone_hash=phone_hash).update(**CLEARED)


def retain(now: datetime) -> int:
    """Contacts of cases closed or voided longer ago than CITIZEN_CONTACT_RETENTION_DAYS, in batches."""
    cutoff = now - timedelta(days=settings.CITIZEN_CONTACT_RETENTION_DAYS)
    due = Case.objects.filter(state__in=[CaseState.CLOSED, CaseState.VOIDED], closed_at__lt=cutoff).exclude(
        reporter_name="", reporter_phone="", reporter_email=""
    )
    cleared = 0
    while ids := list(due.values_list("pk", flat=True)[:BATCH]):
        cleared += Case.objects.filter(pk__in=ids).update(**CLEARED)
    return cleared


SOURCES = [PersonalDataSource("cases", _("Reported cases"), export=export, erase=erase, retain=retain)]
