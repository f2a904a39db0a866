"""Writes of the volunteer module: registration, sign-up, check-in/out, confirmation and corrections of hours."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_access, audit_record
from volunteers import checkin, identity
from volunteers.models import (
    Activity,
    ActivityStatus,
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
    VolunteerStatus,
)

HOUR = Decimal("0.01")
PATROL_LOOKBACK = timedelta(days=90)  # patrols are reviewed within days; older ones were credited long ago


@dataclass(frozen=True)
class Registration:
    name: str
    id_type: str
    id_number: str
    phone: str
    community: object  # accounts.OrgUnit of kind community
    skills: str = ""
    availability: str = ""
    consent: bool = False
    guardian_name: str = ""
    guardian_consent: bool = False
    is_party_member: bool = False
    party_unit: object = None  # grids.PartnerUnit


def registration_fields(data: Registration, *, today: date) -> dict:
    """The fields to store, or ValidationError with every problem by field."""
    errors: dict[str, list] = {}

    def keep(exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)

    name = (data.name or "").strip()
    if not name:
        errors["name"] = [_("Enter the name as on the ID document.")]
    number = phone = ""
    try:
        number = identity.normalize_id(data.id_type, data.id_number)
    except ValidationError as exc:
        keep(exc)
    try:
        phone = identity.normalize_mobile(data.phone)
    except ValidationError as exc:
        keep(exc)
    if data.community is None or data.community.kind != "community":
        errors["community"] = [_("Choose the community where you live.")]
    if not data.consent:
        errors["consent"] = [_("Registration needs your consent to the processing of your personal information.")]
    born = identity.resident_birth_date(number) if number and data.id_type == "resident" else None
    settings = VolunteerSettings.current()
    minor = born is not None and identity.age_on(born, today) < settings.adult_age
    if minor and not (data.guardian_consent and data.guardian_name.strip()):
        errors["guardian_consent"] = [
            _("Volunteers under %(age)s need their guardian's name and consent.") % {"age": settings.adult_age}
        ]
    if data.party_unit is not None and not data.is_party_member:
        errors["party_unit"] = [_("A unit's party organisation is given only by serving party members.")]
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "id_type": data.id_type,
        "id_number": number,
        "id_hash": identity.id_lookup(data.id_type, number),
        "phone": phone,
        "phone_hash": identity.phone_lookup(phone),
        "birth_date": born,
        "community": data.community,
        "scope_path": data.community.path,
        "skills": data.skills.strip()[:200],
        "availability": data.availability.strip()[:200],
        "guardian_name": data.guardian_name.strip() if minor else "",
        "guardian_consent": bool(minor and data.guardian_consent),
        "consent_version": settings.consent_version,
        "is_party_member": data.is_party_member,
        "party_unit": data.party_unit if data.is_party_member else None,
    }


def registration_duplicate_check(data: Registration) -> None:
    """The ID document is not registered yet (checked again, under the unique index, when registering)."""
    try:
        number = identity.normalize_id(data.id_type, data.id_number)
    except ValidationError:
        return
    if Volunteer.objects.filter(id_hash=identity.id_lookup(data.id_type, number)).exists():
        raise ValidationError({"id_number": [_("A volunteer with this ID number is already registered.")]})


def volunteer_register(
    *, actor, data: Registration, source: str = "self", user=None, now: datetime | None = None, is_demo: bool = False
) -> Volunteer:
    """One person = one volunteer: a second registration with the same ID document is refused."""
    now = now or timezone.now()
    fields = registration_fields(data, today=timezone.localdate(now))
    duplicate = ValidationError({"id_number": [_("A volunteer with this ID number is already registered.")]})
    if Volunteer.objects.filter(id_hash=fields["id_hash"]).exists():
        raise duplicate
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(**fields, consented_at=now, source=source, user=user, is_demo=is_demo)
            audit_record(
                actor=actor,
                action="volunteer.register",
                target=volunteer,
                summary=volunteer.name,
                data={"source": source, "consent_version": fields["consent_version"]},
            )
    except IntegrityError as exc:  # the same person registering twice at the same moment
        raise duplicate from exc
    return volunteer


def volunteer_reveal(*, actor, volunteer: Volunteer) -> dict:
    """The ID number and phone in clear, for a permitted viewer: every reveal leaves an audit row."""
    audit_access(
        actor=actor,
        action="volunteer.reveal",
        target_type="volunteers.volunteer",
        target_id=str(volunteer.pk),
        summary=volunteer.name,
    )
    return {"id_number": volunteer.id_number, "phone": volunteer.phone}


def volunteer_link_user(*, actor, volunteer: Volunteer, user) -> Volunteer:
    """The volunteer is also this staff user (a patrol member): his patrol hours are credited to this record."""
    with transaction.atomic():
        volunteer.user = user
        volunteer.save(update_fields=["user"])
        audit_record(actor=actor, action="volunteer.link_user", target=volunteer, summary=user.username)
    return volunteer


# --- activities and sign-up ---


def activity_create(*, actor, organiser, now: datetime | None = None, is_demo: bool = False, **fields) -> Activity:
    from grids.locator import locate_point

    errors = {}
    if fields["ends_at"] <= fields["starts_at"]:
        errors["ends_at"] = [_("The end must come after the start.")]
    if fields["signup_closes"] <= fields["signup_opens"]:
        errors["signup_closes"] = [_("Sign-up must close after it opens.")]
    if fields["signup_closes"] > fields["ends_at"]:
        errors["signup_closes"] = [_("Sign-up must close before the activity ends.")]
    if fields.get("kind") == "festival" and not fields.get("festival"):
        errors["festival"] = [_("Name the festival.")]
    if errors:
        raise ValidationError(errors)
    try:
        location = locate_point(float(fields["lng"]), float(fields["lat"]))
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({"lng": [_("The position is not a valid longitude/latitude.")]}) from None
    grid = location.grid_of("community") or location.grid_of("road") or location.grid_of("unit")
    with transaction.atomic():
        activity = Activity.objects.create(
            organiser=organiser,
            scope_path=organiser.path,
            grid_id=grid.id if grid else None,
            qr_secret=checkin.new_secret(),
            created_by=actor if getattr(actor, "pk", None) else None,
            is_demo=is_demo,
            **fields,
        )
        audit_record(actor=actor, action="volunteer_activity.create", target=activity, summary=activity.title)
    return activity


def signup(*, volunteer: Volunteer, activity: Activity, now: datetime | None = None) -> SignUp:
    """Sign up, or join the waiting list when the places are taken. Signing up twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)  # places are counted under this lock
        existing = SignUp.objects.filter(activity=activity, volunteer=volunteer).first()
        if existing and existing.status != SignUpStatus.CANCELLED:
            return existing
        if volunteer.status != VolunteerStatus.ACTIVE:
            raise ValidationError(_("Only registered volunteers can sign up."))
        if activity.status != ActivityStatus.PUBLISHED:
            raise ValidationError(_("This activity was cancelled."))
        if not activity.signup_opens <= now <= activity.signup_closes:
            raise ValidationError(_("Sign-up for this activity is not open now."))
        taken = SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).count()
        status = SignUpStatus.CONFIRMED if taken < activity.capacity else SignUpStatus.WAITING
        if existing:
            existing.status, existing.created_at = status, now
            existing.save(update_fields=["status", "created_at"])
            entry = existing
        else:
            entry = SignUp.objects.create(activity=activity, volunteer=volunteer, status=status, created_at=now)
        audit_record(actor=None, action="volunteer.signup", target=entry, summary=status, data={"v": volunteer.pk})
    return entry


def signup_cancel(*, volunteer: Volunteer, activity: Activity, now: datetime | None = None) -> SignUp:
    """Cancel up to `cancel_hours` before the start; the first on the waiting list takes the place."""
    now = now or timezone.now()
    settings = VolunteerSettings.current()
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        entry = SignUp.objects.filter(activity=activity, volunteer=volunteer).first()
        if entry is None or entry.status == SignUpStatus.CANCELLED:
            raise ValidationError(_("You are not signed up for this activity."))
        if (activity.starts_at - now).total_seconds() < settings.cancel_hours * 3600:
            raise ValidationError(
                _("Sign-ups can be cancelled until %(hours)s hours before the start; please tell the organiser.")
                % {"hours": settings.cancel_hours}
            )
        was_confirmed = entry.status == SignUpStatus.CONFIRMED
        entry.status = SignUpStatus.CANCELLED
        entry.save(update_fields=["status"])
        if was_confirmed:
            first = (
                SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITING)
                .order_by("created_at", "pk")
                .first()
            )
            if first is not None:
                first.status = SignUpStatus.CONFIRMED
                first.save(update_fields=["status"])
        audit_record(actor=None, action="volunteer.signup_cancel", target=entry, data={"v": volunteer.pk})
    return entry


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


def patrol_hours_credit() -> int:
    """Counted patrol sessions of volunteer team members become confirmed service hours, once each.

    Idempotent (ServiceRecord.patrol_session_id is unique): the periodic task may run any number of times."""
    from patrols.selectors import counted_volunteer_sessions

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
