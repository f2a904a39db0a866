"""Projects offered to the archive materials (collected by the archive through civicgrid.plugins): a renovation
with its photos before, during and after is evidence for the indicators on old compounds and public spaces."""

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import EvidenceFile, EvidenceRef, EvidenceSource


def _ref(project) -> EvidenceRef:
    from django.urls import reverse

    files = tuple(
        EvidenceFile(name=f"{photo.get_phase_display()} {photo.caption}".strip(), path=photo.file.name)
        for photo in project.photos.all()
    )
    return EvidenceRef(
        source="projects",
        ref_id=str(project.pk),
        title=project.name,
        date=project.updated_at.date(),
        url=reverse("projects:detail", args=[project.pk]),
        files=files,
    )


def search(user, text: str, limit: int) -> list[EvidenceRef]:
    from projects.selectors import visible_projects

    projects = visible_projects(user).prefetch_related("photos").order_by("-updated_at", "-pk")
    if text:
        projects = projects.filter(name__icontains=text)
    return [_ref(project) for project in projects[:limit]]


def resolve(user, ref_id: str) -> EvidenceRef | None:
    from projects.selectors import visible_projects

    if not ref_id.isdigit():
        return None
    project = visible_projects(user).prefetch_related("photos").filter(pk=int(ref_id)).first()
    return None if project is None else _ref(project)


SOURCES = [EvidenceSource("projects", _("Projects with photos before and after"), search, resolve)]
