"""Reads of cases. Visibility is decided here and nowhere else."""

import math
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import RoleCode
from accounts.selectors import scope_path
from cases.models import (
    INTAKE_REQUESTS,
    OPEN_STATES,
    Attachment,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseRequest,
    CaseSource,
    CaseState,
    WorkflowSettings,
)
from cases.workflow import TRANSITIONS, Transition, roles_of
from grids.coords import distance_m

# Roles whose work is the cases of an area (their org unit's subtree).
AREA_ROLES = (
    RoleCode.PATROLLER,
    RoleCode.OPERATOR,
    RoleCode.SHIFT_LEAD,
    RoleCode.DISPATCHER,
    RoleCode.COMMANDER,
    RoleCode.ASSESSOR,
    RoleCode.ADMIN,
)


# The sources a staff member may give a report they enter. Never citizen or open311: those come only through
# their own doors (the 随手拍 page, Open311), and cases.publication publishes cases by their source.
INTAKE_DESK_SOURCES = (CaseSource.PATROL, CaseSource.HOTLINE, CaseSource.CAMERA)


def staff_sources(user) -> tuple[str, ...]:
    """A patroller reports what they found on patrol; the intake desk also takes 12345 calls and camera alerts."""
    if user.has_role(RoleCode.OPERATOR, RoleCode.SHIFT_LEAD, RoleCode.ADMIN):
        return INTAKE_DESK_SOURCES
    return (CaseSource.PATROL,)


def overdue_now() -> Q:
    """Open cases past their current deadline: what Case.light shows as overdue, to the second.

    Counted from case_open_scope_idx alone (it carries state and due_at); Case.is_overdue is the same test
    in Python.
    """
    return Q(state__in=OPEN_STATES, due_at__lte=timezone.now()) & ~Q(state=CaseState.SHELVED)


def visible_cases(user) -> QuerySet[Case]:
    """Cases a user may see: their area's, those sent to their department, those they reported."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    condition = Q(reporter=user)
    path = scope_path(user)
    if path is not None and user.has_role(*AREA_ROLES):
        condition |= Q(scope_path__startswith=path)
    if user.department_id and user.has_role(RoleCode.HANDLER):
        condition |= Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), department_id=user.department_id))
    return Case.objects.filter(condition)


def visible_attachment_files(user, name: str) -> QuerySet[Attachment]:
    """The attachment whose file or thumbnail is stored as `name`, if its case is one the user may see."""
    return Attachment.objects.filter(Q(file=name) | Q(thumbnail=name), case__in=visible_cases(user))


def case_timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").prefetch_related("attachments").order_by("created_at", "id")


def current_parts(case: Case) -> QuerySet[CaseAssignment]:
    """The department parts of the latest dispatch round."""
    latest = case.assignments.order_by("-round").values_list("round", flat=True).first()
    return case.assignments.filter(round=latest or 0).select_related("department").order_by("role", "id")


def actor_relation(case: Case, user) -> set[str]:
    """How the user stands to the case: "scope", "lead", "assist", "reporter" (for Transition.who).

    Mirrors visible_cases() in Python for one case already loaded, so a transition costs no extra query
    unless the user is a handler (whose parts are looked up).
    """
    relation = set()
    if getattr(user, "is_citizen", False):
        # A resident proves the case is theirs with its tracking code, nothing else.
        return {"scope", "reporter"} if user.tracking_code == case.tracking_code else set()
    if case.reporter_id and case.reporter_id == user.pk:
        relation.add("reporter")
    if user.is_superuser:
        relation.add("scope")
    else:
        path = scope_path(user)
        if path is not None and user.has_role(*AREA_ROLES) and case.scope_path.startswith(path):
            relation.add("scope")
        if "reporter" in relation:
            relation.add("scope")
    if user.department_id and user.has_role(RoleCode.HANDLER):
        parts = case.assignments.filter(department_id=user.department_id)
        if parts.exists():
            relation.add("scope")
        for role in (
            current_parts(case)
            .filter(department_id=user.department_id)
            .exclude(state="cancelled")
            .values_list("role", flat=True)
        ):
            relation.add(role)
    return relation


def allowed_transitions(case: Case, user) -> list[Transition]:
    """The actions this user may take on this case now (what the case page offers)."""
    relation = actor_relation(case, user)
    if "scope" not in relation:
        return []
    approval = WorkflowSettings.current().intake_approval
    found = [
        t
        for t in TRANSITIONS.values()
        if case.state in t.sources
        and user.has_role(*roles_of(t, intake_approval=approval))
        and (t.who == "scope" or t.who in relation)
    ]
    if any(t.decides or t.gate == "request" for t in found):
        # A decision is offered while its request waits; a new request only while none does.
        pending = set(case.requests.filter(status="pending").values_list("kind", flat=True))
        found = [
            t
            for t in found
            if (not t.decides or pending & set(t.decides))
            and (t.gate != "request" or not pending & set(INTAKE_REQUESTS))
        ]
    return found


def pending_requests(case: Case) -> QuerySet[CaseRequest]:
    """Requests of this case waiting for the shift lead (shown on the case page)."""
    return case.requests.filter(status="pending").select_related("requested_by", "condition__category")


def _degrees_around(lat: float, radius_m: float) -> tuple[float, float]:
    """Half-sides (lng, lat) in degrees of the box that holds a circle of radius_m: the index prefilter."""
    return radius_m / (111_320 * max(math.cos(math.radians(lat)), 0.01)), radius_m / 111_320


def find_duplicates(
    *, category_id: int, lng: float, lat: float, at: datetime, exclude_id: int | None = None, limit: int = 5
) -> list[tuple[Case, float, float]]:
    """Open cases of the same category near a position within the window: (case, distance m, score), best first.

    The bbox prefilter uses the (category, lng, lat) index, so the search stays small at 10 M cases.
    """
    settings = WorkflowSettings.current()
    radius = settings.duplicate_radius_m
    window = timedelta(days=settings.duplicate_days)
    dlng, dlat = _degrees_around(lat, radius)
    candidates = Case.objects.filter(
        category_id=category_id,
        lng__range=(lng - dlng, lng + dlng),
        lat__range=(lat - dlat, lat + dlat),
        state__in=OPEN_STATES,
        reported_at__gte=at - window,
        merged_into__isnull=True,
    ).exclude(pk=exclude_id)[:200]
    found = []
    for case in candidates:
        distance = distance_m(lng, lat, case.lng, case.lat)
        if distance > radius:
            continue
        age = abs((at - case.reported_at).total_seconds()) / window.total_seconds()
        score = round(0.7 * (1 - distance / radius) + 0.3 * (1 - min(age, 1)), 3)
        found.append((case, distance, score))
    found.sort(key=lambda item: -item[2])
    return found[:limit]


def nearby_open_cases(case: Case, user, *, radius_m: int = 100, limit: int = 5) -> list[Case]:
    """Other open cases the user may see within `radius_m` of this one (any category): same place, same story?"""
    dlng, dlat = _degrees_around(case.lat, radius_m)
    candidates = (
        visible_cases(user)
        .filter(
            lng__range=(case.lng - dlng, case.lng + dlng),
            lat__range=(case.lat - dlat, case.lat + dlat),
            state__in=OPEN_STATES,
        )
        .exclude(pk=case.pk)
        .select_related("category")
        .order_by("-reported_at")[:50]
    )
    found = [c for c in candidates if distance_m(case.lng, case.lat, c.lng, c.lat) <= radius_m]
    return found[:limit]


def case_photos(case_ids) -> QuerySet[Attachment]:
    """The photos of these cases, in the order taken: what other modules show or file as evidence."""
    return Attachment.objects.filter(case_id__in=case_ids, kind="photo").order_by("case_id", "created_at", "pk")
