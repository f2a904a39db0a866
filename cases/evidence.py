"""Cases offered to the archive materials (civicgrid.plugins.EvidenceSource): a case closed as fixed, with
its photos before and after, is evidence that a problem was dealt with."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import EvidenceFile, EvidenceRef, EvidenceSource

FIXED = ("fixed", "self_disposed")


def _closed_with_photos(user):
    from cases.models import Attachment, AttachmentPhase, CaseState
    from cases.selectors import visible_cases

    def phase(name):
        return Exists(Attachment.objects.filter(case=OuterRef("pk"), phase=name))

    return visible_cases(user).filter(
        phase(AttachmentPhase.BEFORE), phase(AttachmentPhase.AFTER), state=CaseState.CLOSED, resolution__in=FIXED
    )


def _ref(case, photos) -> EvidenceRef:
    title = f"{case.number or case.pk} {case.description[:60]}"
    files = tuple(
        EvidenceFile(name=f"{photo.get_phase_display()}-{index}{_extension(photo.file.name)}", path=photo.file.name)
        for index, photo in enumerate(photos, start=1)
    )
    closed = timezone.localdate(case.closed_at) if case.closed_at else None
    return EvidenceRef("cases", str(case.pk), title, closed, reverse("cases:detail", args=[case.pk]), files)


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""


def search(user, text: str, limit: int) -> list[EvidenceRef]:
    from cases.selectors import case_photos

    cases = _closed_with_photos(user)
    if text:
        cases = cases.filter(Q(number__icontains=text) | Q(description__icontains=text))
    found = list(cases.order_by("-closed_at", "-pk")[:limit])
    photos: dict[int, list] = {}
    for photo in case_photos([case.pk for case in found]):
        photos.setdefault(photo.case_id, []).append(photo)
    return [_ref(case, photos.get(case.pk, [])) for case in found]


def resolve(user, ref_id: str) -> EvidenceRef | None:
    from cases.selectors import case_photos

    if not str(ref_id).isdigit():
        return None
    case = _closed_with_photos(user).filter(pk=int(ref_id)).first()
    if case is None:
        return None
    return _ref(case, list(case_photos([case.pk])))


SOURCES = [EvidenceSource("cases", _("Case closed with photos before and after"), search, resolve)]
