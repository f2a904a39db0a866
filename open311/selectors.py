"""Reads of the Open311 app. Open311 is public: the cases and fields cases.publication allows.

Personal data (reporter name, phone, e-mail, the Open311 account and device ids) is not even loaded here.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from cases.models import OPEN_STATES, Case, CaseEvent, Category, FilingCondition
from cases.publication import in_public_box, published_cases

# The actions whose note explains the current status to the public. Other notes (dispatch instructions,
# returns between departments, supervision messages) are internal: the status is then described in words.
PUBLIC_NOTE_ACTIONS = frozenset(
    {"void", "merge", "self_dispose", "dispose", "close", "close_transferred", "shelve", "reopen"}
)

PUBLIC_FIELDS = (
    "number",
    "state",
    "description",
    "lng",
    "lat",
    "rules",
    "due_at",
    "reported_at",
    "updated_at",
    "closed_at",
    "category__code",
    "category__major_name",
    "category__minor_name",
    "lead_department__name",
)


def open311_status(state: str) -> str:
    """Open311 knows two statuses: a case is closed once closed or voided, open before."""
    return "open" if state in OPEN_STATES else "closed"


def services() -> QuerySet[Category]:
    """The service list: every active category, with its active filing conditions."""
    active = FilingCondition.objects.filter(is_active=True).order_by("position", "id")
    return (
        Category.objects.filter(is_active=True)
        .prefetch_related(Prefetch("conditions", queryset=active, to_attr="active_conditions"))
        .order_by("kind", "major_code", "minor_code", "id")
    )


def service(code: str) -> Category | None:
    return services().filter(code=code).first()


def public_cases() -> QuerySet[Case]:
    """Published cases with the public fields and the note of the event that set their status."""
    status_event = (
        CaseEvent.objects.filter(case=OuterRef("pk"), to_state=OuterRef("state"))
        .exclude(from_state=F("to_state"))
        .order_by("-created_at", "-id")
    )
    return (
        published_cases()
        .select_related("category", "lead_department")
        .only(*PUBLIC_FIELDS)
        .annotate(
            status_action=Subquery(status_event.values("action")[:1]),
            status_note=Subquery(status_event.values("note")[:1]),
        )
    )


@dataclass(frozen=True)
class RequestQuery:
    """The GET requests filters, already validated (see open311.params.parse_request_query)."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    page: int = 1
    page_size: int = 1000


def request_search(query: RequestQuery) -> list[Case]:
    """Newest first. A list of ids overrides every other filter, as the spec says."""
    cases = public_cases()
    if query.ids:
        cases = cases.filter(number__in=query.ids)
    else:
        if query.service_codes:
            cases = cases.filter(category__code__in=query.service_codes)
        if query.start is not None:
            cases = cases.filter(reported_at__gte=query.start)
        if query.end is not None:
            cases = cases.filter(reported_at__lte=query.end)
        if set(query.statuses) == {"open"}:
            cases = cases.filter(state__in=OPEN_STATES)
        elif set(query.statuses) == {"closed"}:
            cases = cases.exclude(state__in=OPEN_STATES)
        if query.bbox is not None:
            cases = cases.filter(in_public_box(*query.bbox))
    offset = (query.page - 1) * query.page_size
    return list(cases.order_by("-reported_at", "-id")[offset : offset + query.page_size])


def request_get(number: str) -> Case | None:
    return public_cases().filter(number=number).first()


def request_by_token(token: str) -> Case | None:
    token = token.strip().upper()
    if not token:
        return None
    return Case.objects.filter(tracking_code=token, number__isnull=False).only("number", "tracking_code").first()
