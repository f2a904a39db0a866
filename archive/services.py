"""Every write of the archive materials: one business action per function, atomic, audited.

Status: a material is *missing* until something is supplied (a file, a linked record, a typed record); it is
then a *draft* until the civilization office accepts it (*complete*) or sends it back (*rejected*, with the
reason). Supplying anything new to a rejected or complete material makes it a draft again: what was accepted
is no longer what is there.
"""

from datetime import date
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.selectors import visible_org_units
from archive.files import check_file
from archive.models import ArchiveMaterial, EvidenceLink, MaterialFile, MaterialStatus
from archive.selectors import due_reminders, indicator_tree, may_manage, may_supply
from audit.services import audit_record
from civicgrid.plugins import collect

REMIND_WITHIN_DAYS = 3


class ArchiveError(ValidationError):
    """A refused archive action; the message is for the user."""


def _check_indicator(code: str) -> None:
    if code not in indicator_tree():
        raise ArchiveError({"indicator_code": [_("No indicator with this code in the scheme in use.")]})


def _check_unit(actor: User, org_unit: OrgUnit) -> None:
    if not visible_org_units(actor).filter(pk=org_unit.pk).exists():
        raise ArchiveError({"org_unit": [_("This unit is outside your area.")]})


def material_create(
    *,
    actor: User,
    indicator_code: str,
    title: str,
    org_unit: OrgUnit,
    kind: str = "document",
    requirement: str = "",
    owner: User | None = None,
    due_on: date | None = None,
    is_demo: bool = False,
) -> ArchiveMaterial:
    """A piece of evidence an indicator requires, for an owner to supply by a date."""
    _check_indicator(indicator_code)
    _check_unit(actor, org_unit)
    try:
        with transaction.atomic():
            material = ArchiveMaterial.objects.create(
                indicator_code=indicator_code,
                title=title.strip(),
                kind=kind,
                requirement=requirement,
                owner=owner,
                due_on=due_on,
                org_unit=org_unit,
                scope_path=org_unit.path,
                created_by=actor if getattr(actor, "pk", None) else None,
                is_demo=is_demo,
            )
            audit_record(actor=actor, action="archive.material_create", target=material, summary=str(material))
    except IntegrityError:
        raise ArchiveError(
            {"title": [_("This indicator already has a material of this title in this unit.")]}
        ) from None
    if owner is not None and not is_demo:  # demo data leaves nobody's inbox full
        transaction.on_commit(lambda: _tell_owner(material, _("Archive material assigned to you")))
    return material


def material_update(
    *,
    actor: User,
    material: ArchiveMaterial,
    indicator_code: str,
    title: str,
    kind: str,
    requirement: str,
    owner: User | None,
    due_on: date | None,
) -> ArchiveMaterial:
    """Change what is required, by whom and by when (the civilization office)."""
    if not may_manage(actor, material):
        raise ArchiveError(_("Only the civilization office of this area may change this material."))
    _check_indicator(indicator_code)
    new_owner = owner is not None and owner.pk != material.owner_id
    try:
        with transaction.atomic():
            locked = ArchiveMaterial.objects.select_for_update().get(pk=material.pk)
            locked.indicator_code, locked.title, locked.kind = indicator_code, title.strip(), kind
            locked.requirement, locked.owner, locked.due_on = requirement, owner, due_on
            locked.save()
            audit_record(actor=actor, action="archive.material_update", target=locked, summary=str(locked))
    except IntegrityError:
        raise ArchiveError(
            {"title": [_("This indicator already has a material of this title in this unit.")]}
        ) from None
    if new_owner:
        transaction.on_commit(lambda: _tell_owner(locked, _("Archive material assigned to you")))
    return locked


def _supplied(material: ArchiveMaterial) -> None:
    """Something new is there: the material is a draft awaiting review (whatever it was)."""
    material.status = MaterialStatus.DRAFT
    material.reject_reason = ""
    material.completed_at = None
    material.save(update_fields=["status", "reject_reason", "completed_at", "updated_at"])


def _has_evidence(material: ArchiveMaterial) -> bool:
    return bool(material.note.strip()) or material.files.exists() or material.links.exists()


def _lock_for_supply(actor: User, material: ArchiveMaterial) -> ArchiveMaterial:
    locked = ArchiveMaterial.objects.select_for_update().get(pk=material.pk)
    if not may_supply(actor, locked):
        raise ArchiveError(_("Only the owner or the civilization office may supply this material."))
    return locked


def material_file_add(*, actor: User, material: ArchiveMaterial, stream: BinaryIO, name: str) -> MaterialFile:
    """Store a file checked by its content. The same name again is the next version (the old one is kept); the
    same content sent twice (a retried upload) is the version already stored."""
    checked = check_file(stream, name=name)
    with transaction.atomic():
        locked = _lock_for_supply(actor, material)
        current = locked.files.filter(name=checked.name, is_current=True).first()
        if current is not None and current.sha256 == checked.sha256:
            return current
        version = (locked.files.filter(name=checked.name).aggregate(top=Max("version"))["top"] or 0) + 1
        locked.files.filter(name=checked.name, is_current=True).update(is_current=False)
        row = MaterialFile(
            material=locked,
            name=checked.name,
            version=version,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        # The stored name is ours (archive/<year>/<month>/<sha prefix><extension>): the client's never is.
        stream.seek(0)
        row.file.save(f"{checked.sha256[:16]}{checked.extension}", File(stream), save=False)
        row.save()
        _supplied(locked)
        audit_record(
            actor=actor,
            action="archive.file_add",
            target=locked,
            summary=f"{checked.name} v{version}",
            data={"file": row.pk, "sha256": checked.sha256, "size": checked.size},
        )
    return row


def material_note(*, actor: User, material: ArchiveMaterial, note: str) -> ArchiveMaterial:
    """The text of a meeting record (or any note), typed in the archive."""
    with transaction.atomic():
        locked = _lock_for_supply(actor, material)
        if locked.note == note:
            return locked
        locked.note = note
        locked.save(update_fields=["note", "updated_at"])
        if note.strip():
            _supplied(locked)
        elif not _has_evidence(locked):
            _back_to_missing(locked)
        audit_record(actor=actor, action="archive.note", target=locked, summary=str(locked))
    return locked


def evidence_sources() -> dict:
    return {source.key: source for source in collect("evidence", "SOURCES")}


def material_link(*, actor: User, material: ArchiveMaterial, source: str, ref_id: str) -> EvidenceLink:
    """Keep a record of another module as evidence; linking the same record twice keeps one link."""
    plugin = evidence_sources().get(source)
    ref = plugin.resolve(actor, ref_id) if plugin else None
    if ref is None:
        raise ArchiveError(_("That record does not exist or is not visible to you."))
    with transaction.atomic():
        locked = _lock_for_supply(actor, material)
        link, created = EvidenceLink.objects.get_or_create(
            material=locked,
            source=source,
            ref_id=str(ref.ref_id)[:64],
            defaults={"title": str(ref.title)[:200], "date": ref.date, "url": ref.url[:300], "linked_by": actor},
        )
        if created:
            _supplied(locked)
            audit_record(actor=actor, action="archive.link", target=locked, summary=f"{source}:{ref.ref_id}")
    return link


def material_unlink(*, actor: User, link: EvidenceLink) -> None:
    with transaction.atomic():
        locked = _lock_for_supply(actor, link.material)
        deleted, _rows = EvidenceLink.objects.filter(pk=link.pk).delete()
        if deleted:
            if not _has_evidence(locked):
                _back_to_missing(locked)
            audit_record(actor=actor, action="archive.unlink", target=locked, summary=f"{link.source}:{link.ref_id}")


def _back_to_missing(material: ArchiveMaterial) -> None:
    material.status = MaterialStatus.MISSING
    material.completed_at = None
    material.save(update_fields=["status", "completed_at", "updated_at"])


def material_complete(*, actor: User, material: ArchiveMaterial, now=None) -> ArchiveMaterial:
    """Accept the material as what the indicator requires."""
    with transaction.atomic():
        locked = ArchiveMaterial.objects.select_for_update().get(pk=material.pk)
        if not may_manage(actor, locked):
            raise ArchiveError(_("Only the civilization office of this area may accept a material."))
        if locked.status == MaterialStatus.COMPLETE:
            return locked
        if not _has_evidence(locked):
            raise ArchiveError(_("Nothing has been supplied yet: upload a file, link a record or type the record."))
        locked.status = MaterialStatus.COMPLETE
        locked.reject_reason = ""
        locked.completed_at = now or timezone.now()
        locked.save(update_fields=["status", "reject_reason", "completed_at", "updated_at"])
        audit_record(actor=actor, action="archive.complete", target=locked, summary=str(locked))
    return locked


def material_reject(*, actor: User, material: ArchiveMaterial, reason: str) -> ArchiveMaterial:
    """Send the material back to its owner with the reason (what is wrong or missing)."""
    reason = reason.replace("\x00", "").strip()
    if not reason:
        raise ArchiveError({"reason": [_("Say why the material is rejected.")]})
    with transaction.atomic():
        locked = ArchiveMaterial.objects.select_for_update().get(pk=material.pk)
        if not may_manage(actor, locked):
            raise ArchiveError(_("Only the civilization office of this area may reject a material."))
        if locked.status == MaterialStatus.REJECTED and locked.reject_reason == reason[:500]:
            return locked
        locked.status = MaterialStatus.REJECTED
        locked.reject_reason = reason[:500]
        locked.completed_at = None
        locked.save(update_fields=["status", "reject_reason", "completed_at", "updated_at"])
        audit_record(actor=actor, action="archive.reject", target=locked, summary=reason[:200])
    if locked.owner_id:
        transaction.on_commit(lambda: _tell_owner(locked, _("Archive material rejected"), body=locked.reject_reason))
    return locked


def _tell_owner(material: ArchiveMaterial, title: str, *, body: str = "") -> None:
    from notifications.services import inbox_message

    inbox_message(
        user_ids=[material.owner_id],
        title=f"{title}: {material.title}"[:200],
        body=body,
        link=reverse("archive:material", args=[material.pk]),
    )


def remind_owners(*, now=None, within_days: int = REMIND_WITHIN_DAYS) -> int:
    """One inbox message a day to each owner listing their materials that are overdue or due soon."""
    from notifications.services import inbox_message

    now = now or timezone.now()
    today = timezone.localdate(now)
    written = 0
    for owner_id, materials in due_reminders(today=today, within_days=within_days).items():
        late = sum(1 for material in materials if material.due_on < today)
        lines = [
            f"{material.due_on:%Y-%m-%d} {material.indicator_code} {material.title}"
            + (f" ({_('overdue')})" if material.due_on < today else "")
            for material in materials[:20]
        ]
        title = _("Archive materials due: %(count)s (%(late)s overdue)") % {"count": len(materials), "late": late}
        written += inbox_message(
            user_ids=[owner_id],
            title=title,
            body="\n".join(lines),
            link=reverse("archive:materials") + "?mine=1",
            now=now,
        )
    return written
