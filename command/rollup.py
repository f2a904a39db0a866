"""Daily KPI rollups kept from the case event table: incremental, exactly once, rebuildable.

`apply_pending()` reads events after the cursor in id order, turns each into counter increments
(command.kpis.COUNTERS), adds them to DailyStat rows with one upsert per row and moves the cursor, all
in one transaction. `rebuild()` empties the rollups and applies every event again; the two give the
same rows (a test proves it).

On PostgreSQL ids are handed out before commit, so a slow transaction can commit an event with a lower
id after a later one was applied. The cursor therefore stops before a gap in the ids until it has seen
the gap for ROLLUP_GAP_GRACE_SECONDS (30; a rolled-back transaction leaves a gap for ever).
"""

import zoneinfo
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import OrgUnit
from accounts.selectors import ancestor_paths
from cases.models import CaseEvent
from command.kpis import RULES_BY_ACTION
from command.models import COUNTER_FIELDS, DailyStat, MonthlyStat, RollupCursor, SubjectKind

CURSOR = "case_events"
BATCH = 5000
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)

Key = tuple[date, str, int]


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


class _Units:
    """Org unit id → ids of the unit and every unit above it (cached for one run)."""

    def __init__(self) -> None:
        self._chains: dict[int, list[int]] = {}

    def load(self, unit_ids: set[int]) -> None:
        wanted = {i for i in unit_ids if i not in self._chains}
        if not wanted:
            return
        paths = dict(OrgUnit.objects.filter(pk__in=wanted).values_list("pk", "path"))
        above = {p for path in paths.values() for p in ancestor_paths(path, include_self=True)}
        ids = dict(OrgUnit.objects.filter(path__in=above).values_list("path", "pk"))
        for pk, path in paths.items():
            self._chains[pk] = [ids[p] for p in ancestor_paths(path, include_self=True) if p in ids]
        for pk in wanted - paths.keys():
            self._chains[pk] = []

    def chain(self, unit_id) -> list[int]:
        return self._chains.get(unit_id, []) if unit_id else []


def increments(events: list[tuple], units: _Units) -> dict[Key, dict[str, int]]:
    """events: (action, actor_id, payload, created_at) tuples → {(day, kind, subject): {counter: n}}."""
    units.load({(p or {}).get("kpi", {}).get("org") for _a, _u, p, _t in events} - {None})
    out: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for action, actor_id, payload, created_at in events:
        ctx = (payload or {}).get("kpi")
        if not ctx:
            continue
        day = local_day(created_at)
        for counter, rule in RULES_BY_ACTION.get(action, ()):
            if not rule.applies(action, ctx):
                continue
            if counter.kind == SubjectKind.ORG:
                subjects = units.chain(ctx.get("org"))
            else:
                subject = actor_id if rule.subject == "actor" else ctx.get(rule.subject)
                subjects = [subject] if subject else []
            for subject in subjects:
                out[(day, counter.kind, int(subject))][counter.code] += 1
    return out


def _upsert(rows: dict[Key, dict[str, int]]) -> None:
    """Add the counts to the day rows and to the month rows (one upsert statement per table)."""
    if not rows:
        return
    months: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (day, kind, subject), counts in rows.items():
        for name, value in counts.items():
            months[(day.replace(day=1), kind, subject)][name] += value
    for model, period_field, data in ((DailyStat, "day", rows), (MonthlyStat, "month", months)):
        table = model._meta.db_table
        columns = ", ".join(COUNTER_FIELDS)
        marks = ", ".join(["%s"] * (3 + len(COUNTER_FIELDS)))
        updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTER_FIELDS)
        sql = (
            f"INSERT INTO {table} ({period_field}, kind, subject_id, {columns}) VALUES ({marks}) "
            f"ON CONFLICT (kind, subject_id, {period_field}) DO UPDATE SET {updates}"
        )
        params = [
            [when, kind, subject, *(counts.get(c, 0) for c in COUNTER_FIELDS)]
            for (when, kind, subject), counts in sorted(data.items())
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _cursor_locked() -> RollupCursor:
    RollupCursor.objects.get_or_create(name=CURSOR)
    return RollupCursor.objects.select_for_update().get(name=CURSOR)


def _ready(rows: list[tuple], cursor: RollupCursor, now: datetime, settled_to: int = 0) -> list[tuple]:
    """The rows up to the first id gap; a gap right after the cursor is skipped once it is GAP_GRACE old.

    A gap at or below `settled_to` was passed by the cursor before (a rebuild walks it again) and is
    skipped at once: waiting there would stop a rebuild at the first id a killed process never committed.
    """
    if connection.vendor != "postgresql":  # SQLite: one writer at a time, ids committed in order, no gaps
        return rows
    expected, ready = cursor.last_event_id + 1, []
    for row in rows:
        if row[0] != expected and row[0] - 1 > settled_to:
            if ready:
                break
            if cursor.gap_seen_at is None:
                cursor.gap_seen_at = now
            if now - cursor.gap_seen_at < gap_grace():
                break
        ready.append(row)
        expected = row[0] + 1
    if ready:
        cursor.gap_seen_at = None
    return ready


def gap_grace() -> timedelta:
    return timedelta(seconds=getattr(settings, "ROLLUP_GAP_GRACE_SECONDS", 30))


def apply_pending(*, limit: int | None = None, settled_to: int = 0) -> int:
    """Apply the events after the cursor; returns how many were read. Safe to call from many workers."""
    units, applied = _Units(), 0
    while limit is None or applied < limit:
        with transaction.atomic():
            cursor = _cursor_locked()
            now = timezone.now()
            rows = list(
                CaseEvent.objects.filter(pk__gt=cursor.last_event_id)
                .order_by("pk")
                .values_list("pk", "action", "actor_id", "payload", "created_at")[:BATCH]
            )
            ready = _ready(rows, cursor, now, settled_to)
            if ready:
                _upsert(increments([row[1:] for row in ready], units))
                cursor.last_event_id = ready[-1][0]
            cursor.updated_at = now
            cursor.save(update_fields=["last_event_id", "updated_at", "gap_seen_at"])
            applied += len(ready)
        if len(ready) < BATCH:
            return applied
    return applied


def rebuild() -> int:
    """Recompute every rollup from the case events (after a change of the org tree, or to check)."""
    with transaction.atomic():
        cursor = _cursor_locked()
        settled_to = cursor.last_event_id
        DailyStat.objects.all().delete()
        MonthlyStat.objects.all().delete()
        cursor.last_event_id = 0
        cursor.gap_seen_at = None
        cursor.save(update_fields=["last_event_id", "gap_seen_at"])
    return apply_pending(settled_to=settled_to)


def lag() -> dict:
    """How far behind the rollups are (shown on the screen and in /healthz-like checks)."""
    cursor = RollupCursor.objects.filter(name=CURSOR).first()
    last = cursor.last_event_id if cursor else 0
    return {"applied_to": last, "pending": CaseEvent.objects.filter(pk__gt=last).count()}
