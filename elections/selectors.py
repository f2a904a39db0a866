"""Every read of the elections that is more than a get, and the rules of who sees and decides what."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import OrgUnit, OrgUnitKind, RoleCode, User
from accounts.selectors import ancestor_paths, scope_path
from elections.models import Campaign, Category, Nomination, NominationPhoto, Stage, Vote, VoterDay

VIEW_ROLES = (RoleCode.ASSESSOR, RoleCode.COMMANDER, RoleCode.ADMIN)
# 文明办 (the assessor role) runs the campaigns; the administrator may stand in.
MANAGE_ROLES = (RoleCode.ASSESSOR, RoleCode.ADMIN)
NOMINATE_ROLES = (RoleCode.ASSESSOR, RoleCode.ADMIN)
VALID = Q(votes__voided_at__isnull=True)


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    """Campaigns run by the user's unit, above it (a community sees its subdistrict's), or below it."""
    path = scope_path(user)
    if path is None or not user.has_role(*VIEW_ROLES):
        return Campaign.objects.none()
    if path == "":
        return Campaign.objects.all()
    return Campaign.objects.filter(
        Q(org_unit__path__startswith=path) | Q(org_unit__path__in=ancestor_paths(path, include_self=True))
    )


def visible_nominations(user: User) -> QuerySet[Nomination]:
    """The nominations of communities in the user's scope."""
    path = scope_path(user)
    if path is None or not user.has_role(*VIEW_ROLES):
        return Nomination.objects.none()
    return Nomination.objects.filter(scope_path__startswith=path)


def may_manage(user: User, campaign: Campaign) -> bool:
    """Settings, subdistrict review, voids and the honour roll: the organising unit's civilization office."""
    path = scope_path(user)
    return path is not None and user.has_role(*MANAGE_ROLES) and campaign.org_unit.path.startswith(path)


def may_review(user: User, nomination: Nomination) -> bool:
    """社区初审 by staff whose scope holds the nominee's community; 街道审核 by the campaign's managers."""
    if not user.has_role(*MANAGE_ROLES):
        return False
    path = scope_path(user)
    if path is None:
        return False
    if nomination.stage == Stage.COMMUNITY:
        return nomination.scope_path.startswith(path)
    if nomination.stage == Stage.SUBDISTRICT:
        return may_manage(user, nomination.campaign)
    return False


def campaign_communities(campaign: Campaign) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        path__startswith=campaign.org_unit.path, kind=OrgUnitKind.COMMUNITY, is_active=True
    ).order_by("path")


def categories(campaign: Campaign) -> QuerySet[Category]:
    return Category.objects.filter(campaign=campaign).order_by("order", "pk")


def nomination_list(*, user: User, campaign: Campaign, stage: str = "", category: int | None = None):
    qs = (
        visible_nominations(user)
        .filter(campaign=campaign)
        .select_related("category", "community")
        .annotate(valid_votes=Count("votes", filter=VALID))
    )
    if stage:
        qs = qs.filter(stage=stage)
    if category:
        qs = qs.filter(category_id=category)
    return qs.order_by("category__order", "stage", "pk")


def stage_counts(*, user: User, campaign: Campaign) -> dict[str, int]:
    rows = visible_nominations(user).filter(campaign=campaign).values("stage").annotate(n=Count("pk"))
    counts = {row["stage"]: row["n"] for row in rows}
    return {stage: counts.get(stage, 0) for stage in Stage.values}


def vote_summary(campaign: Campaign) -> dict[str, int]:
    return Vote.objects.filter(campaign=campaign).aggregate(
        total=Count("pk"),
        valid=Count("pk", filter=Q(voided_at__isnull=True)),
        flagged=Count("pk", filter=~Q(flag="") & Q(voided_at__isnull=True)),
        voided=Count("pk", filter=Q(voided_at__isnull=False)),
    )


def flagged_votes(campaign: Campaign, *, include_voided: bool = False) -> QuerySet[Vote]:
    qs = Vote.objects.filter(campaign=campaign).exclude(flag="").select_related("nomination", "voided_by")
    if not include_voided:
        qs = qs.filter(voided_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


# Public pages: nothing personal, only what is approved -------------------------------------------------


def _photos() -> Prefetch:
    return Prefetch("photos", queryset=NominationPhoto.objects.order_by("pk"))


def ballot(campaign: Campaign) -> QuerySet[Nomination]:
    """The approved nominations with their count of valid votes, by category."""
    return (
        Nomination.objects.filter(campaign=campaign, stage=Stage.APPROVED)
        .select_related("category")
        .prefetch_related(_photos())
        .annotate(valid_votes=Count("votes", filter=VALID))
        .order_by("category__order", "pk")
    )


def honour_roll(campaign: Campaign) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(campaign=campaign, stage=Stage.APPROVED, honoured=True)
        .select_related("category")
        .prefetch_related(_photos())
        .order_by("category__order", "pk")
    )


def public_photo(pk: int) -> NominationPhoto | None:
    """A photo the public may see: one of a nomination approved for the vote."""
    return NominationPhoto.objects.filter(pk=pk, nomination__stage=Stage.APPROVED).first()


def votes_left(*, campaign: Campaign, voter: str, day) -> int:
    used = VoterDay.objects.filter(campaign=campaign, voter=voter, day=day).values_list("count", flat=True).first()
    return max(0, campaign.votes_per_day - (used or 0))


def voted_today(*, campaign: Campaign, voter: str, day) -> set[int]:
    return set(Vote.objects.filter(campaign=campaign, voter=voter, day=day).values_list("nomination_id", flat=True))
