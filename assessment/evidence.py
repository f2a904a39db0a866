"""Field checks offered to the archive materials (civicgrid.plugins.EvidenceSource): a check of a place, with
the photos of what it found, is a record of the self-checks the campaign makes."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import EvidenceFile, EvidenceRef, EvidenceSource


def _ref(check, photos) -> EvidenceRef:
    title = f"{check.site.name} {timezone.localtime(check.checked_at):%Y-%m-%d %H:%M}"
    files = tuple(
        EvidenceFile(name=f"{index}{_extension(photo.file.name)}", path=photo.file.name)
        for index, photo in enumerate(photos, start=1)
    )
    return EvidenceRef(
        "field_checks",
        str(check.pk),
        title,
        timezone.localdate(check.checked_at),
        reverse("assessment:check", args=[check.pk]),
        files,
    )


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""


def _photos(check_ids) -> dict[int, list]:
    from assessment.models import CheckResult
    from cases.selectors import case_photos

    case_of = dict(
        CheckResult.objects.filter(field_check_id__in=check_ids, deduction__isnull=False).values_list(
            "deduction__case_id", "field_check_id"
        )
    )
    found: dict[int, list] = {}
    for photo in case_photos(case_of):
        found.setdefault(case_of[photo.case_id], []).append(photo)
    return found


def _visible(user):
    from assessment.selectors import visible_checks
    from assessment.views import VIEW_ROLES

    if not user.has_role(*VIEW_ROLES):
        return None
    return visible_checks(user).select_related("site")


def search(user, text: str, limit: int) -> list[EvidenceRef]:
    checks = _visible(user)
    if checks is None:
        return []
    if text:
        checks = checks.filter(Q(site__name__icontains=text) | Q(note__icontains=text))
    found = list(checks.order_by("-checked_at", "-pk")[:limit])
    photos = _photos([check.pk for check in found])
    return [_ref(check, photos.get(check.pk, [])) for check in found]


def resolve(user, ref_id: str) -> EvidenceRef | None:
    checks = _visible(user)
    if checks is None or not str(ref_id).isdigit():
        return None
    check = checks.filter(pk=int(ref_id)).first()
    return _ref(check, _photos([check.pk]).get(check.pk, [])) if check else None


SOURCES = [EvidenceSource("field_checks", _("Field check with its photos"), search, resolve)]
