"""Check-in and check-out (rotating code or position, or by the organiser by hand) and the hours."""

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from volunteers import checkin
from volunteers.models import (
    Activity,
    CheckMethod,
    HoursCorrection,
    RecordStatus,
    ServiceRecord,
    SignUp,
    SignUpStatus,
    StarLevel,
    UsedCode,
    Volunteer,
    VolunteerSettings,
)

HOUR = Decimal("0.01")


# --- check-in and check-out ---


def _hours(activity: Activity | None, start: datetime, end: datetime) -> Decimal:
    """Check-out − check-in, within the activity's time."""
    if activity is not None:
        start, end = max(start, activity.starts_at), min(end, activity.ends_at)
    seconds = max((end - start).total_seconds(), 0)
    return (Decimal(seconds) / Decimal(3600)).quantize(HOUR, rounding=ROUND_HALF_UP)


def _proof(*, volunteer: Volunteer, activity: Activity, method: str, code: str, lng, lat, now: datetime) -> None:
    """The volunteer is at the place: a current code shown there, used by him once, or his position."""
    if method == CheckMethod.QR:
        if not checkin.code_valid(activity, code, now=now):
            raise ValidationError({"code": [_("This check-in code has expired; scan the code shown now.")]})
        try:
            with transaction.atomic():
                UsedCode.objects.create(volunteer=volunteer, code=code)
        except IntegrityError as exc:
            raise ValidationError(
                {"code": [_("You have used this code already; wait for the next code and scan again.")]}
            ) from exc
    elif method == CheckMethod.POSITION:
        if lng is None or lat is None:
            raise ValidationError({"position": [_("This phone gave no position; scan the code instead.")]})
        radius = VolunteerSettings.current().geofence_m
        distance = checkin.distance_m(activity.lng, activity.lat, lng, lat)
        if distance > radius:
            raise ValidationError(
                {
                    "position": [
                        _("You are %(distance)s m from the place; check in within %(radius)s m.")
                        % {"distance": int(distance), "radius": radius}
                    ]
                }
            )
    else:
        raise ValidationError({"method": [_("Check in by the code or by position.")]})


def _in_time(activity: Activity, now: datetime) -> None:
    early = VolunteerSettings.current().early_minutes
    if now < activity.starts_at - timedelta(minutes=early):
        raise ValidationError(
            {"time": [_("Check-in opens %(minutes)s minutes before the start.") % {"minutes": early}]}
        )
    if now > activity.ends_at:
        raise ValidationError({"time": [_("The activity is over; ask the organiser to record your time.")]})


def check_in(
    *, volunteer: Volunteer, activity: Activity, method: str, code: str = "", lng=None, lat=None, now=None
) -> ServiceRecord:
    now = now or timezone.now()
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if not SignUp.objects.filter(activity=activity, volunteer=volunteer, status=SignUpStatus.CONFIRMED).exists():
            raise ValidationError({"signup": [_("You are not signed up for this activity.")]})
        if ServiceRecord.objects.filter(activity=activity, volunteer=volunteer).exists():
            raise ValidationError({"time": [_("You have checked in already.")]})
        _in_time(activity, now)
        _proof(volunteer=volunteer, activity=activity, method=method, code=code, lng=lng, lat=lat, now=now)
        record = ServiceRecord.objects.create(
            volunteer=volunteer,
            activity=activity,
            kind=activity.kind,
            scope_path=activity.scope_path,
            party_unit_id=volunteer.party_unit_id,
            day=timezone.localdate(now),
            check_in_at=now,
            check_in_method=method,
        )
        audit_record(actor=None, action="volunteer.check_in", target=record, data={"method": method})
    return record


def check_out(
    *, volunteer: Volunteer, activity: Activity, method: str, code: str = "", lng=None, lat=None, now=None
) -> ServiceRecord:
    now = now or timezone.now()
    with transaction.atomic():
        record = ServiceRecord.objects.select_for_update().filter(activity=activity, volunteer=volunteer).first()
        if record is None:
            raise ValidationError({"time": [_("Check in first.")]})
        if record.status != RecordStatus.OPEN:
            raise ValidationError({"time": [_("You have checked out already.")]})
        if now > activity.ends_at + timedelta(hours=2):
            raise ValidationError({"time": [_("The activity is over; ask the organiser to record your time.")]})
        _proof(volunteer=volunteer, activity=activity, method=method, code=code, lng=lng, lat=lat, now=now)
        record.check_out_at = now
        record.check_out_method = method
        record.hours = _hours(activity, record.check_in_at, now)
        record.status = RecordStatus.PENDING
        record.save(update_fields=["check_out_at", "check_out_method", "hours", "status"])
        audit_record(actor=None, action="volunteer.check_out", target=record, data={"hours": str(record.hours)})
    return record


def check_by_hand(
    *, actor, volunteer: Volunteer, activity: Activity, check_in_at: datetime, check_out_at: datetime, reason: str
) -> ServiceRecord:
    """The organiser records a volunteer's time (a phone without battery, no signal): a reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for recording the time by hand.")]})
    if check_out_at <= check_in_at:
        raise ValidationError({"check_out_at": [_("The check-out must come after the check-in.")]})
    with transaction.atomic():
        record = ServiceRecord.objects.select_for_update().filter(activity=activity, volunteer=volunteer).first()
        if record is not None and record.status in (RecordStatus.CONFIRMED, RecordStatus.REJECTED):
            raise ValidationError({"reason": [_("This time is confirmed already; correct its hours instead.")]})
        record = record or ServiceRecord(
            volunteer=volunteer,
            activity=activity,
            kind=activity.kind,
            scope_path=activity.scope_path,
            party_unit_id=volunteer.party_unit_id,
        )
        record.day = timezone.localdate(check_in_at)
        record.check_in_at, record.check_out_at = check_in_at, check_out_at
        record.check_in_method = record.check_in_method or CheckMethod.MANUAL
        record.check_out_method = CheckMethod.MANUAL
        record.manual_reason = reason.strip()[:200]
        record.hours = _hours(activity, check_in_at, check_out_at)
        record.status = RecordStatus.PENDING
        record.save()
        audit_record(actor=actor, action="volunteer.check_by_hand", target=record, summary=record.manual_reason)
    return record


# --- hours ---


def volunteer_totals(*, volunteer_id: int) -> None:
    """Confirmed hours, stars and the last service day, recomputed from the records (call inside a transaction)."""
    figures = ServiceRecord.objects.filter(volunteer_id=volunteer_id, status=RecordStatus.CONFIRMED).aggregate(
        hours=Sum("hours"), last=Max("day")
    )
    hours = figures["hours"] or Decimal("0")
    level = StarLevel.objects.filter(min_hours__lte=hours).order_by("-stars").values_list("stars", flat=True).first()
    Volunteer.objects.filter(pk=volunteer_id).update(hours=hours, stars=level or 0, last_service_on=figures["last"])


def record_confirm(*, actor, record: ServiceRecord, accept: bool = True) -> ServiceRecord:
    """The organiser confirms (or refuses) a checked-out time; confirming twice changes nothing."""
    with transaction.atomic():
        record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if record.status == RecordStatus.OPEN:
            raise ValidationError(_("The volunteer has not checked out yet; record the time by hand if needed."))
        target = RecordStatus.CONFIRMED if accept else RecordStatus.REJECTED
        if record.status == target:
            return record
        Volunteer.objects.select_for_update().filter(pk=record.volunteer_id).first()
        record.status = target
        record.confirmed_by, record.confirmed_at = actor, timezone.now()
        record.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        volunteer_totals(volunteer_id=record.volunteer_id)
        audit_record(actor=actor, action=f"volunteer.record_{target}", target=record, data={"hours": str(record.hours)})
    return record


def hours_correct(*, actor, record: ServiceRecord, hours: Decimal, reason: str) -> ServiceRecord:
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the correction.")]})
    hours = Decimal(hours).quantize(HOUR)
    if hours < 0 or hours > 24:
        raise ValidationError({"hours": [_("Hours must be between 0 and 24.")]})
    with transaction.atomic():
        record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if record.hours == hours:
            return record
        HoursCorrection.objects.create(
            record=record, old_hours=record.hours, new_hours=hours, reason=reason.strip()[:200], actor=actor
        )
        old = record.hours
        record.hours = hours
        record.save(update_fields=["hours"])
        volunteer_totals(volunteer_id=record.volunteer_id)
        audit_record(
            actor=actor,
            action="volunteer.hours_correct",
            target=record,
            summary=reason.strip()[:200],
            data={"old": str(old), "new": str(hours)},
        )
    return record
