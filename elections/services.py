"""Every write of the elections: campaigns, nominations, reviews, votes, voids, the honour roll."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, OrgUnitKind, User
from audit.services import audit_record
from civicgrid.personal import lookup_hash, phone_hash
from civicgrid.ratelimit import hit
from elections import anomalies
from elections.models import (
    DEFAULT_CATEGORIES,
    Campaign,
    Category,
    Nomination,
    NominationPhoto,
    NominatorKind,
    Review,
    Stage,
    Vote,
    VoterDay,
)

CHINA = ZoneInfo("Asia/Shanghai")
MAX_PHOTOS = 6
CAMPAIGN_SETTINGS = (
    "intro",
    "nomination_open",
    "voting_starts",
    "voting_ends",
    "votes_per_day",
    "votes_per_ip_hour",
    "votes_per_device_hour",
    "burst_votes",
    "burst_minutes",
    "sequence_phones",
    "show_live_results",
    "winners_per_category",
)


class VoteRefused(Exception):
    """A vote not counted, with a message for the voter; `status` is the HTTP answer (429 for rate limits)."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def china_day(moment: datetime | None = None):
    return (moment or timezone.now()).astimezone(CHINA).date()


def phone_block(phone: str) -> str:
    """The keyed hash of the phone's block of 100 numbers (its first 9 digits), for the sequence rule."""
    return lookup_hash(phone[:9], purpose="elections-phone-block")


# Campaigns ------------------------------------------------------------------------------------------------


def campaign_create(
    *, actor: User, title: str, org_unit: OrgUnit, categories=DEFAULT_CATEGORIES, **settings
) -> Campaign:
    title = title.strip()
    if Campaign.objects.filter(title=title).exists():
        raise ValidationError({"title": _("A campaign of this title exists already.")})
    with transaction.atomic():
        campaign = Campaign(title=title, org_unit=org_unit, created_by=actor, **_known(settings))
        _check_window(campaign)
        campaign.save()
        Category.objects.bulk_create(
            Category(campaign=campaign, name=name, order=index) for index, name in enumerate(categories)
        )
        audit_record(actor=actor, action="elections.campaign_create", target=campaign, summary=title)
    return campaign


def campaign_update(*, actor: User, campaign: Campaign, **settings) -> Campaign:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        changed = {}
        for name, value in _known(settings).items():
            if getattr(campaign, name) != value:
                changed[name] = str(value)
                setattr(campaign, name, value)
        _check_window(campaign)
        campaign.save()
        audit_record(actor=actor, action="elections.campaign_update", target=campaign, data=changed)
    return campaign


def _known(settings: dict) -> dict:
    unknown = set(settings) - set(CAMPAIGN_SETTINGS)
    if unknown:
        raise TypeError(f"unknown campaign settings: {sorted(unknown)}")
    return settings


def _check_window(campaign: Campaign) -> None:
    if campaign.voting_starts and campaign.voting_ends and campaign.voting_ends <= campaign.voting_starts:
        raise ValidationError({"voting_ends": _("Voting must end after it starts.")})


def campaign_publish(*, actor: User, campaign: Campaign) -> Campaign:
    """Close the vote and put the most-voted approved nominations of each category on the honour roll.

    Voided votes do not count; ties go to the earlier nomination."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        now = timezone.now()
        if campaign.voting_ends is None or campaign.voting_ends > now:
            campaign.voting_ends = now
        campaign.published_at = now
        campaign.save(update_fields=["voting_ends", "published_at"])
        nominations = Nomination.objects.filter(campaign=campaign)
        nominations.update(honoured=False)
        ranked = (
            nominations.filter(stage=Stage.APPROVED)
            .annotate(valid=Count("votes", filter=Q(votes__voided_at__isnull=True)))
            .order_by("category_id", "-valid", "pk")
            .values_list("pk", "category_id")
        )
        honoured, per_category = [], {}
        for pk, category_id in ranked:
            if per_category.get(category_id, 0) < campaign.winners_per_category:
                per_category[category_id] = per_category.get(category_id, 0) + 1
                honoured.append(pk)
        nominations.filter(pk__in=honoured).update(honoured=True)
        audit_record(
            actor=actor,
            action="elections.publish",
            target=campaign,
            data={"honoured": honoured},
            summary=campaign.title,
        )
    return campaign


# Nominations ----------------------------------------------------------------------------------------------


def nomination_create(
    *,
    campaign: Campaign,
    category: Category,
    nominee_name: str,
    community: OrgUnit,
    summary: str,
    story: str,
    nominator_name: str,
    nominator_user: User | None = None,
    nominator_phone: str = "",
    photos=(),
    idempotency_key: str | None = None,
) -> tuple[Nomination, bool]:
    """A nomination by a staff user (`nominator_user`) or by a resident (a verified `nominator_phone`).

    Returns (nomination, created); a resent form with the same idempotency key returns the first one."""
    if idempotency_key:
        existing = Nomination.objects.filter(campaign=campaign, idempotency_key=idempotency_key).first()
        if existing:
            return existing, False
    if category.campaign_id != campaign.pk:
        raise ValidationError({"category": _("Choose a category of this campaign.")})
    if community.kind != OrgUnitKind.COMMUNITY or not community.path.startswith(campaign.org_unit.path):
        raise ValidationError({"community": _("Choose a community of the organising subdistrict.")})
    if nominator_user is None and not campaign.nomination_open:
        raise ValidationError({None: _("Nominations for this campaign are closed.")})
    cleaned = _clean_photos(photos)
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                campaign=campaign,
                category=category,
                nominee_name=nominee_name.strip(),
                community=community,
                scope_path=community.path,
                summary=summary.strip(),
                story=story.strip(),
                nominator_kind=NominatorKind.STAFF if nominator_user else NominatorKind.RESIDENT,
                nominator_user=nominator_user,
                nominator_name=nominator_name.strip(),
                nominator_phone=nominator_phone,
                nominator_phone_hash=phone_hash(nominator_phone),
                idempotency_key=idempotency_key or None,
            )
            for clean in cleaned:
                _store_photo(nomination, clean)
            audit_record(
                actor=nominator_user,
                action="elections.nominate",
                target=nomination,
                summary=f"{campaign.title} · {nomination.nominee_name}",
                data={"by": nomination.nominator_kind},
            )
    except IntegrityError:
        existing = Nomination.objects.filter(campaign=campaign, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return nomination, True


def _clean_photos(photos) -> list:
    from cases.services import clean_photos

    photos = [photo for photo in photos or [] if photo]
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)d photos.") % {"count": MAX_PHOTOS}})
    cleaned = [photo.clean for photo in clean_photos(photos, "photos")]
    if any(clean.kind != "photo" for clean in cleaned):
        raise ValidationError({"photos": _("Only photos are accepted here, no videos.")})
    return cleaned


def _store_photo(nomination: Nomination, clean) -> None:
    photo = NominationPhoto(
        nomination=nomination, content_type=clean.content_type, size=len(clean.data), sha256=clean.sha256
    )
    clean.save_files(photo, thumbnail_suffix="-t")
    photo.save()


def nomination_review(*, actor: User, nomination: Nomination, approved: bool, reason: str) -> Nomination:
    """Decide the nomination's current stage: community review, then subdistrict review, each with a reason."""
    from elections.selectors import may_review

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the decision.")})
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().select_related("campaign__org_unit").get(pk=nomination.pk)
        stage = nomination.stage
        if stage not in (Stage.COMMUNITY, Stage.SUBDISTRICT):
            raise ValidationError({None: _("This nomination has been decided already.")})
        if not may_review(actor, nomination):
            raise ValidationError({None: _("You may not review this nomination at this stage.")})
        if not approved:
            nomination.stage = Stage.REJECTED
        else:
            nomination.stage = Stage.SUBDISTRICT if stage == Stage.COMMUNITY else Stage.APPROVED
        nomination.save(update_fields=["stage"])
        Review.objects.create(nomination=nomination, stage=stage, approved=approved, reason=reason[:500], actor=actor)
        audit_record(
            actor=actor,
            action="elections.review",
            target=nomination,
            summary=reason[:200],
            data={"stage": stage, "approved": approved},
        )
    return nomination


# Votes ----------------------------------------------------------------------------------------------------


def voting_open(campaign: Campaign, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if campaign.published_at or campaign.voting_starts is None:
        return False
    return campaign.voting_starts <= now and (campaign.voting_ends is None or now < campaign.voting_ends)


def vote_cast(
    *, campaign: Campaign, nomination: Nomination, voter: str, block: str, ip: str, device: str = ""
) -> tuple[Vote, bool]:
    """One vote of a verified phone (`voter` = its lookup hash, `block` = services.phone_block of it).

    Returns (vote, created); voting again for the same nominee on the same day returns the first vote. The
    daily limit holds under concurrent submissions: the voter's counter row of the day is locked first."""
    if nomination.campaign_id != campaign.pk or nomination.stage != Stage.APPROVED:
        raise VoteRefused(_("This nominee is not on the ballot."), status=404)
    now = timezone.now()
    if not voting_open(campaign, now):
        raise VoteRefused(_("Voting is not open."))
    network = anomalies.network_of(ip)
    if not hit(f"elections:ip:{campaign.pk}:{ip}", limit=campaign.votes_per_ip_hour, window_seconds=3600).allowed:
        raise VoteRefused(_("Too many votes from this network in the last hour. Please try again later."), status=429)
    if (
        device
        and not hit(
            f"elections:device:{campaign.pk}:{device}", limit=campaign.votes_per_device_hour, window_seconds=3600
        ).allowed
    ):
        raise VoteRefused(_("Too many votes from this device in the last hour. Please try again later."), status=429)
    day = china_day(now)
    with transaction.atomic():
        counter, _created = VoterDay.objects.get_or_create(campaign=campaign, voter=voter, day=day)
        counter = VoterDay.objects.select_for_update().get(pk=counter.pk)
        existing = Vote.objects.filter(nomination=nomination, voter=voter, day=day).first()
        if existing:
            return existing, False
        if counter.count >= campaign.votes_per_day:
            raise VoteRefused(
                _("You have used your %(count)d votes of today. Come back tomorrow.")
                % {"count": campaign.votes_per_day}
            )
        vote = Vote.objects.create(
            campaign=campaign,
            nomination=nomination,
            voter=voter,
            phone_block=block,
            network=network,
            device=lookup_hash(device, purpose="elections-device") if device else "",
            day=day,
        )
        counter.count += 1
        counter.save(update_fields=["count"])
        anomalies.flag_after(vote)
    return vote, True


def votes_void(*, actor: User, campaign: Campaign, vote_ids, reason: str) -> int:
    """Void votes (flagged ones, as a rule) with a reason: they leave the counts, and each void is audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for voiding the votes.")})
    ids = sorted({int(pk) for pk in vote_ids})
    if not ids:
        raise ValidationError({"votes": _("Choose the votes to void.")})
    with transaction.atomic():
        votes = list(
            Vote.objects.select_for_update()
            .filter(campaign=campaign, pk__in=ids, voided_at__isnull=True)
            .order_by("pk")
        )
        now = timezone.now()
        for vote in votes:
            vote.voided_at, vote.voided_by, vote.void_reason = now, actor, reason[:500]
            vote.save(update_fields=["voided_at", "voided_by", "void_reason"])
            audit_record(
                actor=actor,
                action="elections.vote_void",
                target=vote,
                summary=reason[:200],
                data={"campaign": campaign.pk, "nomination": vote.nomination_id, "flag": vote.flag},
            )
    return len(votes)
