"""Registration of volunteers: the checks, one person = one volunteer, reveals of personal data."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_access, audit_record
from volunteers import identity
from volunteers.models import (
    Volunteer,
    VolunteerSettings,
)


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
