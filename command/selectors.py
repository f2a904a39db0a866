"""Reads of the command centre: KPI figures from the rollups, rankings, drill-down, live counts."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, OrgUnit, OrgUnitKind, RoleCode, User
from accounts.selectors import visible_departments, visible_org_units, visible_users
from cases.models import Case, CaseEvent
from cases.selectors import visible_cases
from command.kpis import (
    COUNTER_INDEX,
    DEFAULT_BANDS,
    INDICATOR_INDEX,
    INDICATORS,
    SCORED,
    composite,
    grade,
)
from command.models import COUNTER_FIELDS, DailyStat, MonthlyStat, Report, ScoreScheme, SubjectKind
from command.rollup import LOCAL

OPEN_PERIOD_SECONDS = 30
CLOSED_PERIOD_SECONDS = 3600
# Who scores which kind of person (a user with several roles is ranked in each).
PERSON_ROLES = {
    "patroller": (RoleCode.PATROLLER,),
    "dispatcher": (RoleCode.DISPATCHER,),
    "intake": (RoleCode.OPERATOR, RoleCode.SHIFT_LEAD),
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, day after end 00:00) in Asia/Shanghai."""
        return (
            datetime.combine(self.start, time.min, tzinfo=LOCAL),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LOCAL),
        )


def today() -> date:
    return timezone.now().astimezone(LOCAL).date()


def _month_split(period: Period) -> tuple[list[Period], tuple[date, date] | None]:
    """The period as whole calendar months (first days) plus the loose days at either end."""
    first_full = (
        period.start if period.start.day == 1 else (period.start.replace(day=28) + timedelta(days=4)).replace(day=1)
    )
    after_end = period.end + timedelta(days=1)
    last_full_end = after_end.replace(day=1) - timedelta(days=1)  # the last day of the last whole month
    if first_full > last_full_end:
        return [period], None
    loose = []
    if period.start < first_full:
        loose.append(Period(period.start, first_full - timedelta(days=1)))
    if last_full_end < period.end:
        loose.append(Period(last_full_end + timedelta(days=1), period.end))
    return loose, (first_full, last_full_end.replace(day=1))


def period_counts(
    *, kind: str, subject_ids, period: Period, fields: tuple[str, ...] = COUNTER_FIELDS, fresh: bool = False
) -> dict[int, dict[str, int]]:
    """Summed counters per subject over the period (subjects without activity are absent).

    `fresh` skips the shared cache (the screen's tiles of today must show a change within seconds).
    Whole months are read from the month rows, the loose days at either end from the day rows, so a
    two-year ranking reads about 24 + 60 rows per subject instead of 730.
    """
    ids = list(subject_ids)
    if not ids:
        return {}
    if fresh:
        return _period_counts(kind, ids, period, fields)
    # Many leaders look at the same unit and period: share the sums for a while (for good once the
    # period is over, since a closed period's events never change).
    key = "command:counts:" + _digest((kind, sorted(ids), period, tuple(fields)))
    cached = cache.get(key)
    if cached is None:
        cached = _period_counts(kind, ids, period, fields)
        cache.set(key, cached, _ttl(period))
    return cached


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def _ttl(period: Period) -> int:
    return CLOSED_PERIOD_SECONDS if period.end < today() else OPEN_PERIOD_SECONDS


def _period_counts(kind: str, ids: list[int], period: Period, fields: tuple[str, ...]) -> dict[int, dict[str, int]]:
    sums = {f"s_{name}": Sum(name) for name in fields}
    loose, months = _month_split(period)
    out: dict[int, dict[str, int]] = {}
    parts = [DailyStat.objects.filter(kind=kind, subject_id__in=ids, day__gte=p.start, day__lte=p.end) for p in loose]
    if months:
        parts.append(
            MonthlyStat.objects.filter(kind=kind, subject_id__in=ids, month__gte=months[0], month__lte=months[1])
        )
    for part in parts:
        for row in part.values("subject_id").annotate(**sums).order_by():
            counts = out.setdefault(row["subject_id"], dict.fromkeys(fields, 0))
            for name in fields:
                counts[name] += row[f"s_{name}"] or 0
    return out


def daily_counts(*, kind: str, subject_id: int, period: Period, fields: tuple[str, ...]) -> dict[date, dict]:
    rows = DailyStat.objects.filter(
        kind=kind, subject_id=subject_id, day__gte=period.start, day__lte=period.end
    ).values("day", *fields)
    return {row["day"]: row for row in rows}


def scheme(subject: str) -> tuple[dict, list]:
    row = ScoreScheme.objects.filter(subject=subject).first()
    if row is None:
        return SCORED[subject]["weights"], DEFAULT_BANDS
    return row.weights, row.bands or DEFAULT_BANDS


def figures(counts: dict[str, int], kind: str) -> list[dict]:
    """Every indicator of a subject kind with its value, numerator and denominator."""
    out = []
    for indicator in INDICATORS:
        if indicator.kind != kind:
            continue
        out.append(
            {
                "code": indicator.code,
                "label": indicator.label,
                "value": indicator.value(counts),
                "is_rate": indicator.is_rate,
                "numerator": indicator.numerator,
                "denominator": indicator.denominator,
                "higher_is_better": indicator.higher_is_better,
            }
        )
    return out


def unit_summary(*, unit: OrgUnit, period: Period) -> dict:
    counts = period_counts(kind=SubjectKind.ORG, subject_ids=[unit.pk], period=period).get(unit.pk, {})
    previous = period_counts(kind=SubjectKind.ORG, subject_ids=[unit.pk], period=period.previous()).get(unit.pk, {})
    weights, bands = scheme("community")
    score = composite(counts, weights)
    return {
        "unit": unit,
        "counts": counts,
        "figures": figures(counts, SubjectKind.ORG),
        "previous": {f["code"]: f["value"] for f in figures(previous, SubjectKind.ORG)},
        "score": score,
        "grade": grade(score, bands),
        "area_km2": unit_area_km2(unit),
    }


def unit_area_km2(unit: OrgUnit) -> float:
    from grids.models import Grid

    area = Grid.objects.filter(org_unit__path__startswith=unit.path, kind="community").aggregate(a=Sum("area_m2"))["a"]
    return (area or 0) / 1_000_000


def _ranked(rows: list[dict]) -> list[dict]:
    ordered = sorted(rows, key=lambda r: (r["score"] is None, -(r["score"] or 0), str(r["name"])))
    for position, row in enumerate(ordered, 1):
        row["rank"] = position if row["score"] is not None else None
    return ordered


def needed_counters(weights: dict) -> tuple[str, ...]:
    """Only the counters the scored indicators read (summing 27 columns for 500 subjects adds up)."""
    names = set()
    for code in weights:
        indicator = INDICATOR_INDEX.get(code)
        if indicator:
            names.update(n for n in (indicator.numerator, indicator.denominator) if n)
    return tuple(sorted(names))


def ranking(*, subject: str, subjects: list[tuple[int, str]], period: Period) -> list[dict]:
    """红黑榜: subjects (id, name) of one scored kind by composite score, with the previous period beside.

    Shared through the cache like the sums it is made of (scoring 500 communities twice is not free).
    """
    weights, bands = scheme(subject)
    key = "command:ranking:" + _digest((subject, subjects, period, weights, bands))
    rows = cache.get(key)
    if rows is None:
        rows = _ranking(subject, subjects, period, weights, bands)
        cache.set(key, rows, _ttl(period))
    return rows


def _ranking(subject: str, subjects: list[tuple[int, str]], period: Period, weights: dict, bands: list) -> list[dict]:
    kind = SCORED[subject]["kind"]
    ids = [pk for pk, _name in subjects]
    fields = needed_counters(weights)
    now, before = (
        period_counts(kind=kind, subject_ids=ids, period=period, fields=fields),
        period_counts(kind=kind, subject_ids=ids, period=period.previous(), fields=fields),
    )
    shown = [code for code in weights if code in INDICATOR_INDEX]
    current_rows, previous_rows = [], []
    for pk, name in subjects:
        counts = now.get(pk, {})
        score = composite(counts, weights)
        current_rows.append(
            {
                "id": pk,
                "name": name,
                "score": score,
                "grade": grade(score, bands),
                "values": [(INDICATOR_INDEX[c], INDICATOR_INDEX[c].value(counts)) for c in shown],
                "active": bool(counts),
            }
        )
        previous_rows.append({"id": pk, "name": name, "score": composite(before.get(pk, {}), weights)})
    previous = {row["id"]: row for row in _ranked(previous_rows)}
    ranked = _ranked(current_rows)
    scored = sum(1 for row in ranked if row["rank"] is not None)
    for row in ranked:
        rank = row["rank"]
        row["list"] = "" if rank is None else "red" if rank <= 3 else "black" if rank > max(3, scored - 3) else ""
    for row in ranked:
        old = previous[row["id"]]
        row["previous_score"], row["previous_rank"] = old["score"], old["rank"]
        row["delta"] = row["score"] - old["score"] if row["score"] is not None and old["score"] is not None else None
        row["rank_change"] = old["rank"] - row["rank"] if row["rank"] is not None and old["rank"] is not None else None
    return ranked


def with_patrol_figures(rows: list[dict], *, unit: OrgUnit, period: Period) -> list[dict]:
    """Patrol days, hours and km (patrols.selectors) beside each patroller's scored figures."""
    from patrols.selectors import member_stats

    stats = {row["user_id"]: row for row in member_stats(scope_path=unit.path, start=period.start, end=period.end)}
    out = []
    for row in rows:
        figures = stats.get(row["id"], {})
        out.append(
            {
                **row,
                "extra": [
                    (_("Patrol days"), figures.get("patrol_days", 0)),
                    (_("Patrol hours"), round(figures.get("hours", 0) or 0, 1)),
                    (_("Patrol km"), round(figures.get("km", 0) or 0, 1)),
                ],
            }
        )
    return out


def child_units(*, user: User, unit: OrgUnit, kind: str = OrgUnitKind.COMMUNITY) -> list[tuple[int, str]]:
    units = visible_org_units(user).filter(path__startswith=unit.path, kind=kind).order_by("path")
    return list(units.values_list("pk", "name"))


def ranked_departments(*, user: User) -> list[tuple[int, str]]:
    return list(visible_departments(user).order_by("code").values_list("pk", "name"))


def ranked_people(*, user: User, unit: OrgUnit, subject: str) -> list[tuple[int, str]]:
    people = (
        visible_users(user)
        .filter(org_unit__path__startswith=unit.path, roles__code__in=PERSON_ROLES[subject], is_active=True)
        .distinct()
        .order_by("username")
    )
    return [(u.pk, u.name or u.username) for u in people]


def drill_cases(*, user: User, kind: str, counter: str, subject_id: int, period: Period) -> QuerySet[Case]:
    """The cases behind one counted figure: the same rules as the rollup, as a query on the events."""
    spec = COUNTER_INDEX[(kind, counter)]
    start, end = period.bounds()
    path = OrgUnit.objects.get(pk=subject_id).path if kind == SubjectKind.ORG else None
    match = Q()
    for rule in spec.rules:
        condition = rule.q()
        if path is not None:
            condition &= Q(case__scope_path__startswith=path)
        elif rule.subject == "actor":
            condition &= Q(actor_id=subject_id)
        else:
            condition &= Q(**{f"payload__kpi__{rule.subject}": subject_id})
        match |= condition
    events = CaseEvent.objects.filter(match, created_at__gte=start, created_at__lt=end)
    return visible_cases(user).filter(pk__in=events.values("case_id"))


def rate_percent(value) -> str:
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}%"


def department_by_pk(pk: int) -> Department | None:
    return Department.objects.filter(pk=pk).first()


# Who may ask for, follow and download the weekly and monthly reports.
REPORT_ROLES = (RoleCode.COMMANDER, RoleCode.SHIFT_LEAD, RoleCode.ADMIN)


def visible_reports(user) -> QuerySet[Report]:
    """Reports of the org units the user sees, for the roles that use reports."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(*REPORT_ROLES):
        return Report.objects.none()
    return Report.objects.filter(org_unit__in=visible_org_units(user)).select_related("org_unit", "requested_by")
