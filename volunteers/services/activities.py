"""Activities, sign-up with a waiting list and cancellation, and the activity records."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from volunteers import checkin
from volunteers.models import (
    Activity,
    ActivityReport,
    ActivityStatus,
    SignUp,
    SignUpStatus,
    Volunteer,
    VolunteerSettings,
    VolunteerStatus,
)

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


# --- activity records ---

MAX_REPORT_PHOTOS = 9


def activity_report_save(*, actor, activity: Activity, text: str, photos=()) -> ActivityReport:
    """The record of an activity (what was done, photos checked by content); saving again adds photos and
    replaces the text. Offered to the archive materials as evidence (volunteers/evidence.py)."""
    from django.core.files.base import ContentFile

    from cases.services import clean_photos
    from volunteers.models import ReportPhoto

    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write a few words on what was done.")]})
    cleaned = clean_photos(list(photos), "photos")
    with transaction.atomic():
        report, _created = ActivityReport.objects.select_for_update().get_or_create(
            activity=activity, defaults={"text": text[:2000], "created_by": actor}
        )
        if report.photos.count() + len(cleaned) > MAX_REPORT_PHOTOS:
            raise ValidationError({"photos": [_("At most %(n)s photos per activity.") % {"n": MAX_REPORT_PHOTOS}]})
        report.text = text[:2000]
        report.save(update_fields=["text"])
        for photo in cleaned:
            item = ReportPhoto(report=report, name=photo.name[:100])
            item.file.save(
                f"{photo.clean.sha256[:16]}.{photo.clean.extension}", ContentFile(photo.clean.data), save=False
            )
            item.save()
        audit_record(actor=actor, action="volunteer_activity.record", target=report, data={"photos": len(cleaned)})
    return report
