"""Reads of the patrols app. Visibility follows the org tree (accounts.selectors.scope_path):
a patrol belongs to the org unit of its grid (or of its patroller when it has no grid)."""

import calendar
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts.selectors import scope_path as user_scope_path
from cases.models import CaseEvent
from grids.models import Grid
from patrols.coverage import expected_grid_ids
from patrols.models import (
    GridDayCoverage,
    PatrolReport,
    PatrolSession,
    PatrolTeam,
    ReportKind,
    RosterEntry,
    SessionStatus,
    TeamMember,
)
from patrols.services import PATROLLED_KINDS

# --- Visibility ------------------------------------------------------------------------------


def visible_sessions(user) -> QuerySet[PatrolSession]:
    path = user_scope_path(user)
    if path is None:
        return PatrolSession.objects.none()
    qs = PatrolSession.objects.all()
    return qs if path == "" else qs.filter(Q(scope_path__startswith=path) | Q(user=user))


def visible_teams(user) -> QuerySet[PatrolTeam]:
    path = user_scope_path(user)
    if path is None:
        return PatrolTeam.objects.none()
    qs = PatrolTeam.objects.select_related("org_unit", "leader")
    return qs if path == "" else qs.filter(org_unit__path__startswith=path)


def _grids_in(scope_path: str) -> QuerySet[Grid]:
    grids = Grid.objects.filter(is_active=True, kind__in=PATROLLED_KINDS)
    return grids if scope_path == "" else grids.filter(org_unit__path__startswith=scope_path)


# --- Interface for the command centre (signatures fixed) -------------------------------------


def coverage_today(*, scope_path: str, day: date) -> tuple[int, int]:
    """(grids patrolled on `day`, grids that should be patrolled) under `scope_path`.

    Should be patrolled: community/road grids with a team assigned or a roster entry that day.
    Patrolled: of those, the ones with a counted patrol (ended, not flagged or accepted), read live.
    """
    expected = expected_grid_ids(day, _grids_in(scope_path))
    patrolled = set(
        PatrolSession.objects.filter(day=day, counted=True, grid_id__in=expected).values_list("grid_id", flat=True)
    )
    return len(patrolled), len(expected)


def grid_day_coverage(*, scope_path: str, day: date) -> dict[int, float]:
    """Grid id → share (0..1) of its area within the buffer of that day's counted tracks; grids with a patrol only.

    Read from the coverage the worker computes (patrols.coverage, every 10 minutes for today).
    """
    rows = GridDayCoverage.objects.filter(day=day, sessions__gt=0)
    if scope_path:
        rows = rows.filter(grid__org_unit__path__startswith=scope_path)
    return dict(rows.values_list("grid_id", "covered_share"))


def _valid_case():
    return Exists(CaseEvent.objects.filter(case_id=OuterRef("case_id"), action="file")) & ~Q(case__state="voided")


def _session_figures(sessions: QuerySet, key: str) -> dict:
    counted = Q(counted=True)
    rows = sessions.values(key).annotate(
        patrol_days=Count("day", filter=counted, distinct=True),
        seconds=Coalesce(Sum("duration_s", filter=counted), 0),
        metres=Coalesce(Sum("distance_m", filter=counted), 0.0),
        sessions_counted=Count("pk", filter=counted),
        flagged_sessions=Count("pk", filter=Q(is_flagged=True, counted=False)),
    )
    return {row[key]: row for row in rows}


def _report_figures(sessions: QuerySet, key: str) -> dict:
    links = PatrolReport.objects.filter(session__in=sessions.values("pk"))
    rows = links.values(f"session__{key}").annotate(
        reports=Count("case_id", filter=Q(kind=ReportKind.REPORT), distinct=True),
        valid_reports=Count("case_id", filter=Q(kind=ReportKind.REPORT) & _valid_case(), distinct=True),
        self_disposed=Count("case_id", filter=Q(kind=ReportKind.SELF_DISPOSE), distinct=True),
    )
    return {row[f"session__{key}"]: row for row in rows}


def _stats(*, scope_path: str, start: date, end: date, key: str) -> list[dict]:
    sessions = PatrolSession.objects.filter(day__range=(start, end)).exclude(status=SessionStatus.ACTIVE)
    if scope_path:
        sessions = sessions.filter(scope_path__startswith=scope_path)
    figures = _session_figures(sessions, key)
    reports = _report_figures(sessions, key)
    result = []
    for ident, row in figures.items():
        if ident is None:
            continue
        report = reports.get(ident, {})
        result.append(
            {
                key: ident,
                "patrol_days": row["patrol_days"],
                "sessions": row["sessions_counted"],
                "hours": round(row["seconds"] / 3600, 2),
                "km": round(row["metres"] / 1000, 2),
                "reports": report.get("reports", 0),
                "valid_reports": report.get("valid_reports", 0),
                "self_disposed": report.get("self_disposed", 0),
                "flagged_sessions": row["flagged_sessions"],
            }
        )
    result.sort(key=lambda item: (-item["km"], item[key]))
    return result


def member_stats(*, scope_path: str, start: date, end: date) -> list[dict]:
    """One dict per patroller with patrols in the period: user_id, patrol_days, hours, km, reports,
    valid_reports (filed, not voided), self_disposed, flagged_sessions (flagged and not accepted)."""
    return _stats(scope_path=scope_path, start=start, end=end, key="user_id")


def team_stats(*, scope_path: str, start: date, end: date) -> list[dict]:
    return _stats(scope_path=scope_path, start=start, end=end, key="team_id")


def grid_stats(*, scope_path: str, start: date, end: date) -> list[dict]:
    return _stats(scope_path=scope_path, start=start, end=end, key="grid_id")


def valid_report_rate(row: dict) -> float | None:
    return row["valid_reports"] / row["reports"] if row["reports"] else None


# --- Pages -----------------------------------------------------------------------------------


def day_coverage_rows(*, user, day: date, kind: str) -> list[dict]:
    """Every visible grid of `kind` with its coverage that day (no row: not patrolled)."""
    path = user_scope_path(user)
    if path is None:
        return []
    grids = _grids_in(path).filter(kind=kind).only("id", "code", "name", "kind", "geometry").order_by("code")
    coverage = {row.grid_id: row for row in GridDayCoverage.objects.filter(day=day, grid__in=grids)}
    return [{"grid": grid, "coverage": coverage.get(grid.pk)} for grid in grids[:20000]]


def day_tracks(*, user, day: date) -> QuerySet[PatrolSession]:
    return (
        visible_sessions(user)
        .filter(day=day, track_wkb__isnull=False)
        .select_related("user", "grid")
        .only("id", "user__name", "user__username", "grid__name", "counted", "is_flagged", "track_wkb", "distance_m")
    )


def grid_month(*, grid: Grid, year: int, month: int) -> list[list[dict | None]]:
    """Weeks (Monday first) of day cells with that day's coverage row and roster, for the month calendar."""
    first, days = date(year, month, 1), calendar.monthrange(year, month)[1]
    last = date(year, month, days)
    coverage = {row.day: row for row in GridDayCoverage.objects.filter(grid=grid, day__range=(first, last))}
    duties: dict[date, list] = {}
    for entry in RosterEntry.objects.filter(grid=grid, day__range=(first, last)).select_related("user"):
        duties.setdefault(entry.day, []).append(entry)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"day": d, "coverage": coverage.get(d), "duties": duties.get(d, [])} if d.month == month else None
                for d in week
            ]
        )
    return weeks


def roster_month(*, team: PatrolTeam, year: int, month: int) -> QuerySet[RosterEntry]:
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return (
        team.roster.filter(day__range=(first, last))
        .select_related("grid", "user", "original_user")
        .order_by("day", "shift", "grid__code")
    )


def session_detail(*, user, pk: int) -> PatrolSession:
    return (
        visible_sessions(user)
        .select_related("user", "team", "grid", "reviewed_by")
        .prefetch_related("batches", "visits__checkpoint", "reports__case")
        .get(pk=pk)
    )


def live_reports(session: PatrolSession) -> list:
    """For a running patrol: the cases reported so far (linked for good when it ends)."""
    from cases.models import Case

    return list(
        Case.objects.filter(reporter_id=session.user_id, reported_at__gte=session.started_at).order_by("reported_at")
    )


# --- Interface for the volunteers app --------------------------------------------------------


def counted_volunteer_sessions(*, user_ids, since: date | None = None) -> QuerySet:
    """Counted patrols of `user_ids` made in a team where they are volunteer members (TeamMember.is_volunteer):
    their time is service time. Rows of id, user_id, day, started_at, ended_at, duration_s, scope_path."""
    member = TeamMember.objects.filter(team_id=OuterRef("team_id"), user_id=OuterRef("user_id"), is_volunteer=True)
    sessions = PatrolSession.objects.filter(counted=True, user_id__in=list(user_ids), ended_at__isnull=False)
    if since is not None:
        sessions = sessions.filter(day__gte=since)
    return (
        sessions.filter(Exists(member))
        .order_by("pk")
        .values("id", "user_id", "day", "started_at", "ended_at", "duration_s", "scope_path")
    )


def volunteer_members() -> list[tuple[int, str]]:
    """(user id, phone) of every team member marked as a volunteer: the volunteers app links them to their
    volunteer record, so one person has one record."""
    return list(TeamMember.objects.filter(is_volunteer=True).values_list("user_id", "user__phone").distinct())
