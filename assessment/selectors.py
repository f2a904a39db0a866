"""Reads of the assessment module: what a user may see, and the score at stake ("向0.1分宣战")."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from accounts.selectors import scope_path
from assessment.models import (
    AssessmentSettings,
    CheckItem,
    CheckResult,
    Deduction,
    DeductionStatus,
    FieldCheck,
    LocationType,
    Outcome,
    Scheme,
    SchemeStatus,
    Site,
)

# A deduction stays at stake until its case is closed as fixed (after 核查, or fixed on the spot with
# photos before and after); a voided case (invalid report, duplicate) withdraws it. Closing as "not our
# responsibility" keeps it open: the place still fails the item. A reopened case opens it again.
FIXED = ("fixed", "self_disposed")
CENT = Decimal("0.01")
SCORE_SECONDS = 15  # area sums shared this long between requests and processes
CASE_RESOLVED = Q(case__state="closed", case__resolution__in=FIXED)
CASE_WITHDRAWN = Q(case__state="voided")
DEDUCTION_OPEN = Q(status=DeductionStatus.OPEN)


def status_of_case(state: str, resolution: str) -> str:
    """The status a deduction takes from its case (the same rule as CASE_RESOLVED / CASE_WITHDRAWN)."""
    if state == "voided":
        return DeductionStatus.WITHDRAWN
    if state == "closed" and resolution in FIXED:
        return DeductionStatus.RESOLVED
    return DeductionStatus.OPEN


def deductions_out_of_step() -> QuerySet[Deduction]:
    """Deductions whose stored status disagrees with their case: what the periodic reconciliation fixes."""
    return Deduction.objects.filter(
        (DEDUCTION_OPEN & (CASE_RESOLVED | CASE_WITHDRAWN))
        | (Q(status=DeductionStatus.RESOLVED) & ~CASE_RESOLVED)
        | (Q(status=DeductionStatus.WITHDRAWN) & ~CASE_WITHDRAWN)
    )


def _path(user: User) -> str | None:
    return scope_path(user)


def visible_sites(user: User) -> QuerySet[Site]:
    path = _path(user)
    if path is None:
        return Site.objects.none()
    return Site.objects.filter(scope_path__startswith=path)


def visible_checks(user: User) -> QuerySet[FieldCheck]:
    path = _path(user)
    if path is None:
        return FieldCheck.objects.none()
    return FieldCheck.objects.filter(scope_path__startswith=path)


def visible_deductions(user: User) -> QuerySet[Deduction]:
    path = _path(user)
    if path is None:
        return Deduction.objects.none()
    return Deduction.objects.filter(scope_path__startswith=path)


def active_scheme(kind: str) -> Scheme | None:
    return Scheme.objects.filter(kind=kind, status=SchemeStatus.ACTIVE).first()


def nearest_sites(user: User, *, lng: float, lat: float, limit: int = 20) -> QuerySet[Site]:
    """The user's active sites, nearest first (planar distance in degrees is enough to order a subdistrict)."""
    dx = F("lng") - lng
    dy = F("lat") - lat
    return (
        visible_sites(user)
        .filter(is_active=True)
        .select_related("location_type", "org_unit")
        .annotate(d2=dx * dx + dy * dy)
        .order_by("d2", "pk")[:limit]
    )


def checklists_by_type() -> dict[int, list[tuple[str, str]]]:
    """For each location type, the kinds of active scheme with items for it: what a site can be checked on."""
    from assessment.models import SchemeKind

    labels = dict(SchemeKind.choices)
    found: dict[int, list[tuple[str, str]]] = {}
    rows = (
        CheckItem.objects.filter(scheme__status=SchemeStatus.ACTIVE)
        .values_list("location_type_id", "scheme__kind")
        .distinct()
        .order_by("scheme__kind")
    )
    for type_id, kind in rows:
        found.setdefault(type_id, []).append((kind, str(labels[kind])))
    return found


def open_deduction_for(*, site: Site, item: CheckItem) -> Deduction | None:
    """The open deduction of this item at this site, of any scheme version with the same item code."""
    return (
        Deduction.objects.select_for_update()
        .filter(DEDUCTION_OPEN, site=site, item__code=item.code, kind=item.scheme.kind)
        .order_by("pk")
        .first()
    )


def open_items_at(site: Site) -> set[str]:
    """Codes of the items that failed at this site and are still open: shown first on a re-check."""
    return set(Deduction.objects.filter(DEDUCTION_OPEN, site=site).values_list("item__code", flat=True))


def site_history(site: Site) -> QuerySet[FieldCheck]:
    return site.checks.select_related("inspector", "scheme").order_by("-checked_at")


# --- The score at stake ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorScore:
    indicator_id: int
    code: str
    name: str
    full_marks: Decimal
    lost: Decimal  # capped at what the indicator can lose
    open_count: int


@dataclass(frozen=True)
class Score:
    scheme: Scheme
    full_marks: Decimal
    lost: Decimal
    open_count: int
    expected_loss: Decimal
    indicators: list[IndicatorScore]

    @property
    def projected(self) -> Decimal:
        return self.full_marks - self.lost


def indicator_losses(*, scheme: Scheme, path: str) -> list[IndicatorScore]:
    """Each top indicator of the scheme with the points its open deductions under `path` cost (at most its cap)
    and how many there are. Deductions of earlier versions count by indicator code."""
    rows = (
        Deduction.objects.filter(DEDUCTION_OPEN, scope_path__startswith=path, kind=scheme.kind)
        .values("indicator__code")
        .annotate(points=Sum("points"), n=Count("pk"))
    )
    # Summed decimals come back from SQLite as floats in disguise: round them to the cent they are.
    lost_by_code = {row["indicator__code"]: ((row["points"] or Decimal(0)).quantize(CENT), row["n"]) for row in rows}
    indicators = []
    for indicator in scheme.indicators.filter(parent__isnull=True).order_by("order", "code"):
        lost, count = lost_by_code.get(indicator.code, (Decimal(0), 0))
        indicators.append(
            IndicatorScore(
                indicator.pk,
                indicator.code,
                indicator.name,
                indicator.full_marks,
                min(lost, indicator.most_lost),
                count,
            )
        )
    return indicators


def score(*, scheme: Scheme, path: str, now: datetime | None = None) -> Score:
    """Full marks, the points lost to open deductions under `path` (each indicator losing at most its cap) and
    the expected loss if assessors came today."""
    indicators = indicator_losses(scheme=scheme, path=path)
    return Score(
        scheme=scheme,
        full_marks=scheme.full_marks,
        lost=sum((row.lost for row in indicators), Decimal(0)),
        open_count=sum(row.open_count for row in indicators),
        expected_loss=expected_loss(scheme=scheme, path=path, now=now) if now else current_expected_loss(scheme, path),
        indicators=indicators,
    )


def current_expected_loss(scheme: Scheme, path: str) -> Decimal:
    """The expected loss as of now, computed once per new check (anywhere), day and setting: it reads every
    recent result under the path, the one costly figure of the 0.1-point view."""
    from django.core.cache import cache

    latest = FieldCheck.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    settings = AssessmentSettings.current()
    samples = LocationType.objects.order_by("pk").values_list("sample_size", flat=True)
    key = f"assessment:expected:{scheme.pk}:{path}:{latest}:{timezone.localdate()}:{settings.recent_days}:{hash(tuple(samples))}"
    value = cache.get(key)
    if value is None:
        value = expected_loss(scheme=scheme, path=path)
        cache.set(key, value, 3600)
    return value


def expected_loss(*, scheme: Scheme, path: str, now: datetime | None = None) -> Decimal:
    """Σ over the scheme's items (each at its location type) of: the item's failure rate in the recent
    self-checks under `path` × the points one failure costs × the assessors' sample size for that type.
    Items never checked recently count nothing (no evidence either way); not-applicable answers are left out."""
    now = now or timezone.now()
    since = now - timedelta(days=AssessmentSettings.current().recent_days)
    rates = (
        CheckResult.objects.filter(
            checked_at__gt=since,
            checked_at__lte=now,
            scope_path__startswith=path,
            item__scheme__kind=scheme.kind,
            outcome__in=[Outcome.PASS, Outcome.FAIL],
        )
        .values("item__code", "location_type_id")
        .annotate(total=Count("pk"), failed=Count("pk", filter=Q(outcome=Outcome.FAIL)))
    )
    items = {(i.code, i.location_type_id): i.points for i in scheme.items.all()}
    samples = dict(LocationType.objects.values_list("pk", "sample_size"))
    total = Decimal(0)
    for row in rates:
        points = items.get((row["item__code"], row["location_type_id"]))
        if points is None or not row["total"]:
            continue
        total += Decimal(row["failed"]) / Decimal(row["total"]) * points * samples[row["location_type_id"]]
    return total.quantize(CENT)


def open_deductions(*, path: str, kind: str) -> QuerySet[Deduction]:
    """The open deductions under `path`, most points first, then oldest: what closing each would win."""
    return (
        Deduction.objects.filter(DEDUCTION_OPEN, scope_path__startswith=path, kind=kind)
        .select_related("site", "item", "case", "org_unit")
        .order_by("-points", "found_at", "pk")
    )


def community_ranking(*, path: str, kind: str) -> list[dict]:
    """Each community (org unit with sites) under `path`: open deductions and points at stake, fewest first
    (the top of the list is the red list, the bottom the black list)."""
    lost = {
        row["org_unit"]: row
        for row in Deduction.objects.filter(DEDUCTION_OPEN, scope_path__startswith=path, kind=kind)
        .values("org_unit")
        .annotate(points=Sum("points"), n=Count("pk"))
    }
    units = (
        Site.objects.filter(scope_path__startswith=path)
        .values("org_unit", "org_unit__name")
        .annotate(sites=Count("pk"))
        .order_by("org_unit__name")
    )
    ranking = [
        {
            "unit_id": unit["org_unit"],
            "name": unit["org_unit__name"],
            "sites": unit["sites"],
            "points": (lost.get(unit["org_unit"], {}).get("points") or Decimal(0)).quantize(CENT),
            "open": lost.get(unit["org_unit"], {}).get("n", 0),
        }
        for unit in units
    ]
    ranking.sort(key=lambda row: (row["points"], row["open"], row["name"]))
    return ranking


def repeat_failures(*, path: str, since: datetime, at_least: int = 2) -> QuerySet:
    """Sites failing the same item again and again (问题导向督导): (site, item code) with ≥ `at_least`
    failures since `since`, most first."""
    return (
        CheckResult.objects.filter(scope_path__startswith=path, outcome=Outcome.FAIL, checked_at__gte=since)
        .values("site_id", "site__name", "item__code", "item__name")
        .annotate(failures=Count("pk"))
        .filter(failures__gte=at_least)
        .order_by("-failures", "site__name")
    )


def overdue_deductions(*, path: str) -> QuerySet[Deduction]:
    """Open deductions whose case has passed its deadline: the supervision group's (督导组) list."""
    from cases.models import Case
    from cases.selectors import overdue_now

    late = Case.objects.filter(overdue_now(), pk=OuterRef("case_id"))
    return (
        Deduction.objects.filter(DEDUCTION_OPEN, Exists(late), scope_path__startswith=path)
        .select_related("site", "item", "case", "org_unit")
        .order_by("case__due_at", "pk")
    )


def shared(key: str, compute, *, fresh_seconds: int = SCORE_SECONDS):
    """`compute()`'s value, shared through the cache: fresh for `fresh_seconds`, then recomputed by one request
    while the others keep answering with the value before (no stampede of 20 screens recomputing at once)."""
    import time

    from django.core.cache import cache

    hit = cache.get(key)
    if hit is not None:
        value, fresh_until = hit
        if time.time() < fresh_until or not cache.add(f"{key}:busy", 1, 60):
            return value
    value = compute()
    cache.set(key, (value, time.time() + fresh_seconds), 3600)
    cache.delete(f"{key}:busy")
    return value


def points_at_stake(*, path: str, kind: str = "civilization") -> Decimal | None:
    """The points lost to open deductions under `path` (indicator caps applied), shared for SCORE_SECONDS: the
    command screen asks every few seconds. None when no scheme of the kind is in use."""
    scheme = active_scheme(kind)
    if scheme is None:
        return None
    return shared(f"assessment:stake:{scheme.pk}:{path}", lambda: lost_points(scheme=scheme, path=path))


def lost_points(*, scheme: Scheme, path: str) -> Decimal:
    return sum((row.lost for row in indicator_losses(scheme=scheme, path=path)), Decimal(0))


# --- Inspection frequency (dust and air) ---------------------------------------------------------------


@dataclass(frozen=True)
class DueSite:
    site: Site
    last_checked_at: datetime | None
    due_at: datetime
    overdue: bool


def due_sites(*, path: str, kind: str = "dust", now: datetime | None = None, within_days: int = 0) -> list[DueSite]:
    """Active sites of a type with a check frequency whose next check of `kind` is due by the end of the day
    `within_days` days from today (overdue ones included), most overdue first. Never checked means due since
    the site was added."""
    now = now or timezone.now()
    sites = (
        Site.objects.filter(scope_path__startswith=path, is_active=True, location_type__check_every_days__isnull=False)
        .select_related("location_type", "org_unit", "inspector")
        .annotate(last=Max("checks__checked_at", filter=Q(checks__scheme__kind=kind)))
    )
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    horizon = today + timedelta(days=within_days + 1)
    found = []
    for site in sites:
        every = timedelta(days=site.location_type.check_every_days)
        due_at = site.last + every if site.last else site.created_at
        if due_at < horizon:
            found.append(DueSite(site, site.last, due_at, due_at <= now))
    found.sort(key=lambda row: (row.due_at, row.site.pk))
    return found


def monthly_table(*, path: str, kind: str, start: datetime, end: datetime) -> list[dict]:
    """Per community under `path`, for [start, end): checks made, items failed of items answered, the failure
    rate, and deductions found and still open: the monthly dust table (扬尘治理月报)."""
    checks = {
        row["site__org_unit"]: row
        for row in FieldCheck.objects.filter(
            scope_path__startswith=path, scheme__kind=kind, checked_at__gte=start, checked_at__lt=end
        )
        .values("site__org_unit")
        .annotate(checks=Count("pk"), failed=Sum("failed"), passed=Sum("passed"))
    }
    found = {
        row["org_unit"]: row
        for row in Deduction.objects.filter(
            scope_path__startswith=path, kind=kind, found_at__gte=start, found_at__lt=end
        )
        .values("org_unit")
        .annotate(found=Count("pk"), still_open=Count("pk", filter=DEDUCTION_OPEN))
    }
    units = (
        Site.objects.filter(scope_path__startswith=path, location_type__items__scheme__kind=kind)
        .values("org_unit", "org_unit__name")
        .annotate(sites=Count("pk", distinct=True))
        .order_by("org_unit__name")
    )
    table = []
    for unit in units:
        row = checks.get(unit["org_unit"], {})
        answered = (row.get("failed") or 0) + (row.get("passed") or 0)
        table.append(
            {
                "unit_id": unit["org_unit"],
                "name": unit["org_unit__name"],
                "sites": unit["sites"],
                "checks": row.get("checks", 0),
                "failed": row.get("failed") or 0,
                "rate": (row.get("failed") or 0) / answered if answered else None,
                "found": found.get(unit["org_unit"], {}).get("found", 0),
                "still_open": found.get(unit["org_unit"], {}).get("still_open", 0),
            }
        )
    return table


# --- Campaign actions (十大攻坚行动) -------------------------------------------------------------------------


def actions_around(path: str | None) -> QuerySet:
    """Campaign actions of the unit at `path`, of the units below it and of those above it (a subdistrict's
    action concerns its communities); none for no path."""
    from accounts.selectors import ancestor_paths
    from assessment.models import CampaignAction

    if path is None:
        return CampaignAction.objects.none()
    return CampaignAction.objects.filter(
        Q(org_unit__path__startswith=path) | Q(org_unit__path__in=ancestor_paths(path))
    )


def actions_overview(*, path: str, today) -> list[dict]:
    """Each campaign action under `path` (or above it): tasks done of all, tasks late, and the points its
    indicators are still losing under `path`, the actions that are behind first."""
    actions = (
        actions_around(path)
        .select_related("owner", "org_unit")
        .annotate(
            total=Count("tasks"),
            done=Count("tasks", filter=Q(tasks__done_at__isnull=False)),
            late=Count("tasks", filter=Q(tasks__done_at__isnull=True, tasks__due_on__lt=today)),
        )
    )
    stakes = {
        (row["kind"], row["indicator__code"]): (row["points"] or Decimal(0)).quantize(CENT)
        for row in Deduction.objects.filter(DEDUCTION_OPEN, scope_path__startswith=path)
        .values("kind", "indicator__code")
        .annotate(points=Sum("points"))
    }
    rows = []
    for action in actions:
        rows.append(
            {
                "action": action,
                "total": action.total,
                "done": action.done,
                "late": action.late,
                "progress": action.done / action.total if action.total else 0,
                "at_stake": sum(
                    (stakes.get((action.kind, code), Decimal(0)) for code in action.indicator_codes), Decimal(0)
                ),
            }
        )
    rows.sort(key=lambda row: (-row["late"], -row["at_stake"], row["action"].ends_on))
    return rows


def site_points(*, path: str, limit: int = 2000) -> list[dict]:
    """The active sites under `path` with whether they have an open deduction, failing ones first: the command
    screen's map layer (capped, so a city-wide screen still loads in a moment)."""
    failing = Deduction.objects.filter(DEDUCTION_OPEN, site=OuterRef("pk"))
    rows = (
        Site.objects.filter(scope_path__startswith=path, is_active=True)
        .annotate(failing=Exists(failing))
        .order_by("-failing", "pk")
        .values("pk", "name", "lng", "lat", "failing")[:limit]
    )
    return list(rows)


def stake_trend(*, path: str, kind: str, days: int = 30, today=None) -> dict:
    """The points at stake at the end of each of the last `days` days (raw points, before indicator caps), from
    when each deduction was found and won back or withdrawn: the trend line of the 0.1-point view."""
    from django.db.models.functions import TruncDate

    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    zone = timezone.get_current_timezone()
    start = datetime(first.year, first.month, first.day, tzinfo=zone)
    scoped = Deduction.objects.filter(scope_path__startswith=path, kind=kind)
    base = scoped.filter(Q(settled_at__isnull=True) | Q(settled_at__gte=start), found_at__lt=start).aggregate(
        points=Sum("points")
    )["points"] or Decimal(0)
    found = dict(
        scoped.filter(found_at__gte=start)
        .annotate(day=TruncDate("found_at", tzinfo=zone))
        .values("day")
        .annotate(points=Sum("points"))
        .values_list("day", "points")
    )
    settled = dict(
        scoped.filter(settled_at__gte=start)
        .annotate(day=TruncDate("settled_at", tzinfo=zone))
        .values("day")
        .annotate(points=Sum("points"))
        .values_list("day", "points")
    )
    level, labels, values = base, [], []
    for offset in range(days):
        day = first + timedelta(days=offset)
        level += (found.get(day) or Decimal(0)) - (settled.get(day) or Decimal(0))
        labels.append(day.strftime("%m-%d"))
        values.append(float(level.quantize(CENT)))
    return {"days": labels, "points": values}


def period_figures(*, path: str, start: datetime, end: datetime) -> dict:
    """For the KPI page: per scheme kind, checks made, deductions found and won back in [start, end) under
    `path`, with their points, and the points at stake now."""
    figures = {}
    for kind in ("civilization", "dust"):
        scoped = Deduction.objects.filter(scope_path__startswith=path, kind=kind)
        found = scoped.filter(found_at__gte=start, found_at__lt=end).aggregate(n=Count("pk"), points=Sum("points"))
        won = scoped.filter(status=DeductionStatus.RESOLVED, settled_at__gte=start, settled_at__lt=end).aggregate(
            n=Count("pk"), points=Sum("points")
        )
        checks = FieldCheck.objects.filter(
            scope_path__startswith=path, scheme__kind=kind, checked_at__gte=start, checked_at__lt=end
        ).count()
        figures[kind] = {
            "checks": checks,
            "found": found["n"],
            "found_points": (found["points"] or Decimal(0)).quantize(CENT),
            "won": won["n"],
            "won_points": (won["points"] or Decimal(0)).quantize(CENT),
            "at_stake": points_at_stake(path=path, kind=kind),
        }
    return figures


def open_at(*, path: str, kind: str, moment: datetime) -> tuple[int, Decimal]:
    """How many deductions under `path` were open at `moment`, and their points (raw, before caps)."""
    row = (
        Deduction.objects.filter(scope_path__startswith=path, kind=kind, found_at__lt=moment)
        .filter(Q(settled_at__isnull=True) | Q(settled_at__gte=moment))
        .aggregate(n=Count("pk"), points=Sum("points"))
    )
    return row["n"], (row["points"] or Decimal(0)).quantize(CENT)


def indicator_outline(kind: str = "civilization") -> list[dict]:
    """The indicator tree of the scheme in use as rows (code, name, order, parent's code): what other modules
    file things under (the archive materials), naming indicators by their code, which survives new versions."""
    scheme = active_scheme(kind)
    if scheme is None:
        return []
    return list(
        scheme.indicators.order_by("order", "code").values("code", "name", "order", parent_code=F("parent__code"))
    )
