"""Reads of the 实事 register. Who sees what is decided here."""

import re

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from accounts.models import OrgUnit, RoleCode, User
from accounts.selectors import scope_path
from pledges.models import Feedback, Pledge, PledgeStatus

# The campaign office and the centre's leads take requests on as 实事 and follow them; owners record their own.
MANAGE_ROLES = (RoleCode.ADMIN, RoleCode.COMMANDER, RoleCode.ASSESSOR)
VIEW_ROLES = (*MANAGE_ROLES, RoleCode.SHIFT_LEAD, RoleCode.DISPATCHER, RoleCode.OPERATOR)
PAGE_ROLES = (*VIEW_ROLES, RoleCode.HANDLER, RoleCode.PATROLLER, RoleCode.VOLUNTEER_ADMIN)


def visible_pledges(user: User) -> QuerySet[Pledge]:
    """Those of a viewing role's area, and those the user owns."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Pledge.objects.none()
    condition = Q(owner=user)
    path = scope_path(user)
    if path is not None and user.has_role(*VIEW_ROLES):
        condition |= Q(scope_path__startswith=path)
    return Pledge.objects.filter(condition)


def may_manage(user: User, *, path: str) -> bool:
    own = scope_path(user)
    return own is not None and user.has_role(*MANAGE_ROLES) and path.startswith(own)


def may_update(user: User, pledge: Pledge) -> bool:
    return pledge.owner_id == user.pk or may_manage(user, path=pledge.scope_path)


def pledge_list(user: User, *, status: str = "", unit: OrgUnit | None = None) -> QuerySet[Pledge]:
    pledges = visible_pledges(user).select_related("org_unit", "owner")
    if status:
        pledges = pledges.filter(status=status)
    if unit is not None:
        pledges = pledges.filter(scope_path__startswith=unit.path)
    # Open items first, the most urgent promise on top; then what is done, newest first.
    rank = Case(
        When(status__in=[PledgeStatus.PROMISED, PledgeStatus.IN_PROGRESS], then=Value(0)),
        When(status=PledgeStatus.DONE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return pledges.annotate(rank=rank).order_by("rank", "promised_on", "pk")


def find_case(user: User, number: str):
    from cases.selectors import visible_cases

    return visible_cases(user).filter(number=number.strip()).first()


def case_of(pledge: Pledge, user: User):
    """The pledge's case if the viewer may see it (read with the viewer's scope), else None."""
    if pledge.case_id is None:
        return None
    from cases.selectors import visible_cases

    return visible_cases(user).filter(pk=pledge.case_id).select_related("category").first()


def public_done(*, community: OrgUnit | None = None) -> QuerySet[Pledge]:
    """Done items for the public list: only fields without personal data are read."""
    pledges = Pledge.objects.filter(status=PledgeStatus.DONE)
    if community is not None:
        pledges = pledges.filter(scope_path__startswith=community.path)
    return (
        pledges.select_related("org_unit")
        .only("title", "done_on", "feedback", "org_unit__name")
        .order_by("-done_on", "-pk")
    )


def public_communities() -> list[dict]:
    """The communities with done items, and how many (with how many residents said they were satisfied)."""
    rows = (
        Pledge.objects.filter(status=PledgeStatus.DONE)
        .values("org_unit_id", "org_unit__name", "org_unit__code")
        .annotate(done=Count("pk"), satisfied=Count("pk", filter=Q(feedback=Feedback.SATISFIED)))
        .order_by("org_unit__code")
    )
    return list(rows)


MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def shown_text(text: str, *, viewer: User) -> str:
    """A request or feedback in the resident's words, with mobile numbers masked for a viewer who may not see
    personal data (the one rule: accounts.selectors.may_see_personal_data)."""
    from accounts.selectors import may_see_personal_data
    from civicgrid.masking import mask_phone

    if may_see_personal_data(viewer=viewer):
        return text
    return MOBILE.sub(lambda match: mask_phone(match.group(0)), text)
