"""What the elections offer to the archive materials (collected by civicgrid.plugins as SOURCES): each published
honour roll, as the record of a 身边好人 election held, with the honoured nominees' photos."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import EvidenceFile, EvidenceRef, EvidenceSource

KEY = "elections"


def _ref(campaign) -> EvidenceRef:
    from elections.selectors import honour_roll

    files = tuple(
        EvidenceFile(
            name=f"{nomination.nominee_name}{photo.file.name[photo.file.name.rfind('.') :]}", path=photo.file.name
        )
        for nomination in honour_roll(campaign)
        for photo in nomination.photos.all()
    )
    return EvidenceRef(
        source=KEY,
        ref_id=str(campaign.pk),
        title=f"{campaign.title} · {_('Honour roll')}",
        date=campaign.published_at.date() if campaign.published_at else None,
        url=reverse("elections_public:honours", args=[campaign.pk]),
        files=files,
    )


def search(user, text: str, limit: int) -> list[EvidenceRef]:
    from elections.selectors import visible_campaigns

    campaigns = visible_campaigns(user).filter(published_at__isnull=False)
    if text:
        campaigns = campaigns.filter(Q(title__icontains=text) | Q(intro__icontains=text))
    return [_ref(campaign) for campaign in campaigns.order_by("-published_at")[:limit]]


def resolve(user, ref_id: str) -> EvidenceRef | None:
    from elections.selectors import visible_campaigns

    if not ref_id.isdigit():
        return None
    campaign = visible_campaigns(user).filter(published_at__isnull=False, pk=int(ref_id)).first()
    return _ref(campaign) if campaign else None


SOURCES = [EvidenceSource(KEY, _("Good-people honour rolls"), search, resolve)]
