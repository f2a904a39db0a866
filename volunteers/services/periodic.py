"""Periodic, idempotent jobs: patrol hours of volunteer members, reminders, the monthly rate snapshot."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from volunteers import identity
from volunteers.models import (
    ActivityStatus,
    CheckMethod,
    RecordStatus,
    ServiceRecord,
    SignUp,
    SignUpStatus,
    Volunteer,
    VolunteerSettings,
)
from volunteers.services.attendance import HOUR, volunteer_totals

PATROL_LOOKBACK = timedelta(days=90)  # patrols are reviewed within days; older ones were credited long ago


def patrol_members_link() -> int:
    """Patrol team members marked as volunteers are linked to the volunteer registered with their phone (the same
    person: one record, never a second one). Members without a registration stay unlinked until they register."""
    from patrols.selectors import volunteer_members

    linked = set(Volunteer.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    done = 0
    for user_id, phone in volunteer_members():
        if user_id in linked or not phone:
            continue
        try:
            phone_hash = identity.phone_lookup(identity.normalize_mobile(phone))
        except ValidationError:
            continue
        with transaction.atomic():
            found = Volunteer.objects.select_for_update().filter(phone_hash=phone_hash, user__isnull=True).first()
            if found is None:
                continue
            found.user_id = user_id
            found.save(update_fields=["user"])
            audit_record(actor=None, action="volunteer.link_user", target=found, summary="patrol team member")
        linked.add(user_id)
        done += 1
    return done


def patrol_hours_credit() -> int:
    """Counted patrol sessions of volunteer team members become confirmed service hours, once each.

    Idempotent (ServiceRecord.patrol_session_id is unique): the periodic task may run any number of times."""
    from patrols.selectors import counted_volunteer_sessions

    patrol_members_link()
    by_user = dict(Volunteer.objects.filter(user__isnull=False).values_list("user_id", "pk"))
    if not by_user:
        return 0
    sessions = list(counted_volunteer_sessions(user_ids=by_user.keys(), since=timezone.localdate() - PATROL_LOOKBACK))
    credited = set(
        ServiceRecord.objects.filter(patrol_session_id__in=[s["id"] for s in sessions]).values_list(
            "patrol_session_id", flat=True
        )
    )
    done = 0
    for session in sessions:
        if session["id"] in credited:
            continue
        hours = (Decimal(session["duration_s"]) / Decimal(3600)).quantize(HOUR)
        volunteer_id = by_user[session["user_id"]]
        try:
            with transaction.atomic():
                volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
                record = ServiceRecord.objects.create(
                    volunteer=volunteer,
                    patrol_session_id=session["id"],
                    kind="patrol",
                    scope_path=session["scope_path"] or volunteer.scope_path,
                    party_unit_id=volunteer.party_unit_id,
                    day=session["day"],
                    check_in_at=session["started_at"],
                    check_in_method=CheckMethod.PATROL,
                    check_out_at=session["ended_at"],
                    check_out_method=CheckMethod.PATROL,
                    hours=hours,
                    status=RecordStatus.CONFIRMED,
                    confirmed_at=timezone.now(),
                )
                volunteer_totals(volunteer_id=volunteer_id)
                audit_record(actor=None, action="volunteer.patrol_credit", target=record, data={"hours": str(hours)})
        except IntegrityError:  # another worker credited it at the same moment
            continue
        done += 1
    return done


# --- periodic ---


def _sms(phone: str, text: str) -> None:
    """A text message through the configured sender (settings.SMS_SENDER, the verification app's)."""
    from verification.services import sender

    sender().send(phone, text)


def remind_signups(*, now: datetime | None = None) -> int:
    """One reminder per sign-up, `remind_hours` before the start: a text to the phone (after commit)."""
    now = now or timezone.now()
    hours = VolunteerSettings.current().remind_hours
    due = SignUp.objects.filter(
        status=SignUpStatus.CONFIRMED,
        reminded=False,
        activity__status=ActivityStatus.PUBLISHED,
        activity__starts_at__gt=now,
        activity__starts_at__lte=now + timedelta(hours=hours),
    ).select_related("activity", "volunteer")[:1000]
    sent = 0
    for entry in due:
        with transaction.atomic():
            if not SignUp.objects.filter(pk=entry.pk, reminded=False).update(reminded=True):
                continue  # another worker took it
            start = timezone.localtime(entry.activity.starts_at).strftime("%m-%d %H:%M")
            text = _("Reminder: %(title)s at %(place)s, %(start)s. Thank you for volunteering.") % {
                "title": entry.activity.title,
                "place": entry.activity.place,
                "start": start,
            }
            phone = entry.volunteer.phone
            transaction.on_commit(lambda phone=phone, text=text: _sms(phone, text))
        sent += 1
    return sent


def rate_snapshot(*, today: date | None = None) -> int:
    """The rates of every community at the start of this month (for the chart over time); running twice
    rewrites the same rows."""
    from accounts.models import OrgUnit
    from volunteers.models import RateSnapshot
    from volunteers.selectors import rates_at

    month = (today or timezone.localdate()).replace(day=1)
    written = 0
    for subdistrict in OrgUnit.objects.filter(kind="subdistrict"):
        _total, rows = rates_at(unit=subdistrict, day=month)
        for row in rows:
            RateSnapshot.objects.update_or_create(
                month=month,
                org_unit=row.unit,
                defaults={"population": row.population, "registered": row.registered, "active": row.active},
            )
            written += 1
    return written
