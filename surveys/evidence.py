"""Surveys offered to the archive materials as evidence (民意调查 results are part of a campaign's archive):
collected from `<app>/evidence.py` SOURCES by civicgrid.plugins; the archive keeps the link, not a copy."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import EvidenceRef, EvidenceSource


def _ref(survey) -> EvidenceRef:
    return EvidenceRef(
        source="surveys",
        ref_id=str(survey.pk),
        title=survey.title,
        date=timezone.localdate(survey.created_at),
        url=reverse("surveys:results", args=[survey.pk]),
    )


def _readable(user):
    from surveys.selectors import visible_surveys
    from surveys.views import VIEW_ROLES

    return visible_surveys(user) if user.has_role(*VIEW_ROLES) else visible_surveys(user).none()


def search(user, text: str, limit: int) -> list[EvidenceRef]:
    surveys = _readable(user)
    text = (text or "").replace("\x00", "").strip()[:50]
    if text:
        surveys = surveys.filter(title__icontains=text)
    return [_ref(survey) for survey in surveys.order_by("-created_at", "-id")[:limit]]


def resolve(user, ref_id: str) -> EvidenceRef | None:
    if not str(ref_id).isdigit():
        return None
    survey = _readable(user).filter(pk=int(ref_id)).first()
    return _ref(survey) if survey else None


SOURCES = [EvidenceSource("surveys", _("Survey results"), search, resolve)]
