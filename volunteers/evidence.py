"""Activity records offered to the archive materials (collected by the archive through civicgrid.plugins)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import EvidenceFile, EvidenceRef, EvidenceSource


def _ref(report) -> EvidenceRef:
    activity = report.activity
    return EvidenceRef(
        source="volunteers",
        ref_id=str(activity.pk),
        title=f"{activity.title}（{activity.get_kind_display()}）",
        date=timezone.localdate(activity.starts_at),
        url=reverse("volunteers:activity", args=[activity.pk]),
        files=tuple(EvidenceFile(name=p.name, path=p.file.name) for p in report.photos.all()),
    )


def _reports(user):
    from volunteers.models import ActivityReport
    from volunteers.selectors import VIEW_ROLES, visible_activities

    if not user.has_role(*VIEW_ROLES):
        return ActivityReport.objects.none()
    return (
        ActivityReport.objects.filter(activity__in=visible_activities(user))
        .select_related("activity")
        .prefetch_related("photos")
    )


def search(user, text: str, limit: int) -> list[EvidenceRef]:
    reports = _reports(user)
    if text:
        reports = reports.filter(activity__title__icontains=text[:50])
    return [_ref(r) for r in reports.order_by("-activity__starts_at", "-pk")[:limit]]


def resolve(user, ref_id: str) -> EvidenceRef | None:
    if not ref_id.isdigit():
        return None
    report = _reports(user).filter(activity_id=int(ref_id)).first()
    return _ref(report) if report else None


SOURCES = [EvidenceSource("volunteers", _("Volunteer activity records"), search, resolve)]
