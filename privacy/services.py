"""Requests under the 个人信息保护法: what is held about one resident, its export, its erasure, and retention.

The modules that hold residents' data declare it in `<app>/privacy.py` SOURCES (civicgrid.plugins
.PersonalDataSource); a resident is found everywhere by the keyed hash of their phone."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_access, audit_record
from civicgrid.personal import normalize_phone_digits, phone_hash
from civicgrid.plugins import PersonalDataSource, collect
from privacy.models import PersonalDataRequest, RequestKind


class PrivacyError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def sources() -> tuple[PersonalDataSource, ...]:
    return collect("privacy", "SOURCES")


def _hash_of(phone: str) -> str:
    digits = normalize_phone_digits(phone)
    if not 7 <= len(digits) <= 15:
        raise PrivacyError("phone", _("Enter the phone number the person gave (7 to 15 digits)."))
    return phone_hash(digits)


def person_find(*, phone: str, actor) -> list[tuple[object, int]]:
    """How many records each module holds about the person with this phone (the look-up is audited)."""
    hashed = _hash_of(phone)
    found = [(source, len(source.export(hashed))) for source in sources()]
    audit_access(
        actor=actor,
        action="privacy.lookup",
        target_type="privacy.person",
        summary=_("Looked up what is held about a resident"),
        data={source.key: count for source, count in found},
    )
    return [(source.label, count) for source, count in found]


def person_export(*, phone: str, actor) -> dict:
    """Everything the modules hold about the person with this phone, as plain values, by module."""
    hashed = _hash_of(phone)
    found = {source.key: source.export(hashed) for source in sources()}
    counts = {key: len(records) for key, records in found.items()}
    with transaction.atomic():
        request = PersonalDataRequest.objects.create(
            kind=RequestKind.EXPORT, phone_hash=hashed, actor=actor, counts=counts
        )
        audit_access(
            actor=actor,
            action="privacy.export",
            target_type="privacy.personaldatarequest",
            target_id=str(request.pk),
            summary=_("Personal data exported: %(total)s records") % {"total": sum(counts.values())},
            data=counts,
        )
    return {"exported_at": timezone.now().isoformat(), "records": found}


def person_erase(*, phone: str, actor, reason: str) -> dict[str, int]:
    """Remove the person from every record that names them; the records themselves stay. One transaction."""
    hashed = _hash_of(phone)
    reason = (reason or "").strip()
    if not reason:
        raise PrivacyError("reason", _("Say why the data is erased (e.g. the person's request of a date)."))
    with transaction.atomic():
        counts = {source.key: source.erase(hashed) for source in sources()}
        request = PersonalDataRequest.objects.create(
            kind=RequestKind.ERASE, phone_hash=hashed, reason=reason[:500], actor=actor, counts=counts
        )
        audit_record(
            actor=actor,
            action="privacy.erase",
            target=request,
            summary=_("Personal data erased from %(total)s records") % {"total": sum(counts.values())},
            data={"reason": reason[:500], **counts},
        )
    return counts


def retention_run(*, now: datetime | None = None) -> dict[str, int]:
    """Anonymise what is past its retention time in every module; recorded when anything was."""
    now = now or timezone.now()
    counts = {source.key: source.retain(now) for source in sources() if source.retain}
    if any(counts.values()):
        with transaction.atomic():
            request = PersonalDataRequest.objects.create(kind=RequestKind.RETENTION, counts=counts)
            audit_record(
                actor=None,
                action="privacy.retention",
                target=request,
                summary=_("Retention: personal data removed from %(total)s records") % {"total": sum(counts.values())},
                data=counts,
            )
    return counts
