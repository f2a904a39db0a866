"""Background work of the patrols app: daily grid coverage, closing patrols never ended, missed-patrol reminders.

Each function is safe to run again: coverage rows are upserted per (grid, day), an auto-closed patrol
is no longer active, and a roster entry is reminded about once (reminded_at).
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

import shapely
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.models import Grid
from notifications import services as notifications
from patrols import track
from patrols.models import (
    SHIFT_ENDS,
    CheckPoint,
    CheckPointVisit,
    DutyStatus,
    GridDayCoverage,
    PatrolReport,
    PatrolSession,
    PatrolSettings,
    PatrolTeam,
    ReportKind,
    RosterEntry,
    SessionStatus,
)
from patrols.services import PATROLLED_KINDS, session_auto_close

UPDATE_FIELDS = [
    "expected",
    "patrolled",
    "sessions",
    "flagged_sessions",
    "distance_m",
    "duration_s",
    "covered_share",
    "checkpoints_total",
    "checkpoints_visited",
    "reports",
    "self_disposed",
    "patrollers",
    "computed_at",
]


def expected_grid_ids(day: date, grids=None) -> set[int]:
    """Grids that should be patrolled on `day`: a team is assigned to them, or the roster has someone there."""
    grids = grids if grids is not None else Grid.objects.all()
    grids = grids.filter(is_active=True, kind__in=PATROLLED_KINDS)
    assigned = PatrolTeam.grids.through.objects.filter(patrolteam__is_active=True).values("grid_id")
    rostered = RosterEntry.objects.filter(day=day).values("grid_id")
    return set(grids.filter(Q(pk__in=assigned) | Q(pk__in=rostered)).values_list("pk", flat=True))


def compute_day_coverage(*, day: date, now: datetime | None = None) -> int:
    """Coverage of every grid for one day, from the ended patrols' stored tracks. Returns the rows written."""
    now = now or timezone.now()
    buffer_m = PatrolSettings.current().buffer_m
    expected = expected_grid_ids(day)
    sessions = list(
        PatrolSession.objects.filter(day=day, grid__isnull=False)
        .exclude(status=SessionStatus.ACTIVE)
        .values_list("pk", "grid_id", "user_id", "counted", "is_flagged", "distance_m", "duration_s", "track_wkb")
    )
    by_grid: dict[int, list] = defaultdict(list)
    for row in sessions:
        by_grid[row[1]].append(row)
    counted_ids = [row[0] for row in sessions if row[3]]
    reports = defaultdict(lambda: {ReportKind.REPORT: 0, ReportKind.SELF_DISPOSE: 0})
    for grid_id, kind, count in (
        PatrolReport.objects.filter(session_id__in=counted_ids)
        .values_list("session__grid_id", "kind")
        .annotate(n=Count("case_id", distinct=True))
    ):
        reports[grid_id][kind] += count
    grid_ids = expected | set(by_grid)
    checkpoints = dict(
        CheckPoint.objects.filter(is_active=True, grid_id__in=by_grid)
        .values_list("grid_id")
        .annotate(n=Count("pk"))
        .values_list("grid_id", "n")
    )
    visited = dict(
        CheckPointVisit.objects.filter(session_id__in=counted_ids, checkpoint__is_active=True)
        .values_list("session__grid_id")
        .annotate(n=Count("checkpoint_id", distinct=True))
        .values_list("session__grid_id", "n")
    )
    outlines = dict(Grid.objects.filter(pk__in=list(by_grid)).values_list("pk", "wkb"))
    rows = []
    for grid_id in grid_ids:
        grid_sessions = by_grid.get(grid_id, [])
        counted = [row for row in grid_sessions if row[3]]
        share = 0.0
        if counted:
            tracks = [shapely.from_wkb(bytes(row[7])) for row in counted if row[7]]
            share = track.covered_share(shapely.from_wkb(bytes(outlines[grid_id])), tracks, buffer_m=buffer_m)
        rows.append(
            GridDayCoverage(
                grid_id=grid_id,
                day=day,
                expected=grid_id in expected,
                patrolled=bool(counted),
                sessions=len(counted),
                flagged_sessions=sum(1 for row in grid_sessions if row[4] and not row[3]),
                distance_m=sum(row[5] for row in counted),
                duration_s=sum(row[6] for row in counted),
                covered_share=share,
                checkpoints_total=checkpoints.get(grid_id, 0),
                checkpoints_visited=visited.get(grid_id, 0),
                reports=reports[grid_id][ReportKind.REPORT] if grid_id in reports else 0,
                self_disposed=reports[grid_id][ReportKind.SELF_DISPOSE] if grid_id in reports else 0,
                patrollers=sorted({row[2] for row in counted}),
                computed_at=now,
            )
        )
    GridDayCoverage.objects.filter(day=day).exclude(grid_id__in=grid_ids).delete()
    GridDayCoverage.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["grid", "day"], update_fields=UPDATE_FIELDS
    )
    return len(rows)


def auto_close_sessions(*, now: datetime | None = None) -> int:
    """Patrols still running after PatrolSettings.auto_close_hours are closed and flagged."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=PatrolSettings.current().auto_close_hours)
    stale = PatrolSession.objects.filter(status=SessionStatus.ACTIVE, started_at__lt=cutoff)
    closed = 0
    for session in stale.order_by("started_at")[:1000]:
        session_auto_close(session=session, now=now)
        closed += 1
    return closed


def remind_missed_patrols(*, now: datetime | None = None, days_back: int = 3) -> int:
    """A roster duty whose shift is over without a patrol by that person in that grid: tell the team leader."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = local.date()
    over_today = [shift for shift, hour in SHIFT_ENDS.items() if hour <= local.hour]
    patrolled = PatrolSession.objects.filter(
        user_id=OuterRef("user_id"), day=OuterRef("day"), grid_id=OuterRef("grid_id")
    )
    missed = (
        RosterEntry.objects.filter(status=DutyStatus.PLANNED, reminded_at__isnull=True)
        .filter(Q(day__lt=today, day__gte=today - timedelta(days=days_back)) | Q(day=today, shift__in=over_today))
        .exclude(Exists(patrolled))
        .select_related("team__leader", "grid", "user")
        .order_by("day", "pk")
    )
    notes, ids = [], []
    for entry in missed[:5000]:
        ids.append(entry.pk)
        if entry.team.leader_id is None:
            continue
        notes.append(
            (
                entry.team.leader_id,
                _("Missed patrol: %(user)s, %(grid)s, %(day)s %(shift)s")
                % {
                    "user": entry.user,
                    "grid": entry.grid,
                    "day": entry.day.isoformat(),
                    "shift": entry.get_shift_display(),
                },
                _("%(user)s was on the %(team)s roster for this shift but no patrol was recorded.")
                % {"user": entry.user, "team": entry.team},
            )
        )
    notifications.inbox_rows(messages=notes, now=now)
    RosterEntry.objects.filter(pk__in=ids).update(reminded_at=now)
    return len(ids)
