"""The deadline sweep: warn (黄灯), mark overdue (红灯), escalate to supervision (督办).

Set-based: each step is one UPDATE that stamps the stages it concerns (warned_at, overdue_at,
escalated_at = this sweep's time), then INSERT … SELECT statements (events, inbox rows) and, for
escalation, one UPDATE of the cases, acting on exactly the stages carrying that stamp. No Python loop
over cases, so it stays fast at a million open cases; and since every step selects by its stamp being
empty, running the sweep twice sends nothing twice. The yellow and red lights need no write at all: a
case carries its running stage's warn_at and due_at, and the clock decides (Case.light).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from cases.deadlines import working_time_between
from cases.models import (
    Case,
    CaseEvent,
    CaseStage,
    WorkflowSettings,
)
from civicgrid.retry import retry_on_conflict
from notifications import services as notifications
from notifications.models import NotificationVerb


@dataclass
class SweepResult:
    warned: int = 0
    overdue: int = 0
    escalated: int = 0


def _running():
    return CaseStage.objects.filter(completed_at__isnull=True, paused_at__isnull=True)


def _split(template: str) -> tuple[str, str]:
    prefix, _sep, suffix = template.partition("%(number)s")
    return prefix, suffix


# Per kind of message: the title of one case's, and of the summary of many (formatted with their count).
MESSAGES = {
    NotificationVerb.WARNING: (
        gettext_lazy("Case %(number)s: deadline near"),
        ngettext_lazy("%(count)s case: deadline near", "%(count)s cases: deadline near", "count"),
    ),
    NotificationVerb.OVERDUE: (
        gettext_lazy("Case %(number)s is overdue"),
        ngettext_lazy("%(count)s case is overdue", "%(count)s cases are overdue", "count"),
    ),
    NotificationVerb.SUPERVISED: (
        gettext_lazy("Case %(number)s is under supervision"),
        ngettext_lazy("%(count)s case is under supervision", "%(count)s cases are under supervision", "count"),
    ),
}


def _insert_notifications(stamp_field: str, now: datetime, verb: str) -> None:
    """One inbox row per stamped stage, for its case's lead department: INSERT … SELECT in the database.

    A department that gets more than settings.SWEEP_DIGEST_OVER at once (after an outage, a data import, a
    calendar fix) gets one summary row instead: thousands of identical lines in an inbox help nobody, and
    the summary links to the queue that lists them.
    """
    template, digest = MESSAGES[verb]
    limit = settings.SWEEP_DIGEST_OVER
    stage, case = CaseStage._meta.db_table, Case._meta.db_table
    stamped = f"""
        FROM {stage} s JOIN {case} c ON c.id = s.case_id
        WHERE s.{stamp_field} = %s AND s.completed_at IS NULL AND c.lead_department_id IS NOT NULL"""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.lead_department_id, COUNT(*) {stamped} GROUP BY c.lead_department_id", [_db_time(now)]
        )
        counts = dict(cursor.fetchall())
        if any(count <= limit for count in counts.values()):
            prefix, suffix = _split(str(template))
            cursor.execute(
                f"""
                {notifications.inbox_insert_sql()}
                SELECT department_id, id, %s, %s || COALESCE(number, '') || %s, '', %s FROM (
                    SELECT c.lead_department_id AS department_id, c.id, c.number,
                           COUNT(*) OVER (PARTITION BY c.lead_department_id) AS n
                    {stamped}) AS stamped
                WHERE n <= %s
                """,
                [verb, prefix, suffix, _db_time(now), _db_time(now), limit],
            )
    notifications.department_digests(
        titles={department: digest % {"count": count} for department, count in counts.items() if count > limit},
        verb=verb,
        now=now,
    )


def _db_time(moment: datetime):
    # Raw SQL gets the value as the ORM would write it (SQLite stores UTC text without an offset).
    return connection.ops.adapt_datetimefield_value(moment)


def _stamped(stamp_field: str, now: datetime):
    return _running().filter(**{stamp_field: now}).values("case_id")


def _lock_cases(now: datetime, cutoff: datetime) -> None:
    """Lock, in id order, every case whose running stage this sweep may stamp, before any stage row.

    The lock order of the whole project: the case row first, then its stage rows (cases.rows.lock_case, which
    every transition takes). The sweep used to stamp stage rows first and then touch the cases (the events'
    foreign keys, the supervised flag), while a transition held the case and waited for its stage: a
    deadlock on PostgreSQL. In id order, two sweeps at once queue instead of deadlocking too. One statement
    that returns a count: the ids never travel to Python. SQLite needs none of it (one writer at a time)."""
    if not connection.features.has_select_for_update:
        return
    due = (
        Q(warned_at__isnull=True, warn_at__lte=now, due_at__gt=now)
        | Q(overdue_at__isnull=True, due_at__lte=now)
        | Q(escalated_at__isnull=True, due_at__lte=cutoff)
    )
    cases = (
        Case.objects.filter(pk__in=_running().filter(due).values("case_id"))
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk")
    )
    sql, params = cases.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS locked", params)


def sweep_deadlines(now: datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    delay = Decimal(WorkflowSettings.current().escalate_after_hours)
    cutoff = _escalation_cutoff(now, delay)
    return retry_on_conflict(lambda: _sweep(now, delay, cutoff))


def _sweep(now: datetime, delay: Decimal, cutoff: datetime) -> SweepResult:
    result = SweepResult()
    with transaction.atomic():
        _lock_cases(now, cutoff)
        result.warned = (
            _running().filter(warned_at__isnull=True, warn_at__lte=now, due_at__gt=now).update(warned_at=now)
        )
        if result.warned:
            _insert_notifications("warned_at", now, NotificationVerb.WARNING)

        result.overdue = _running().filter(overdue_at__isnull=True, due_at__lte=now).update(overdue_at=now)
        if result.overdue:
            _insert_overdue_events(now)
            _hand_over("overdue", now, result.overdue)  # for the webhooks: the inbox rows are written here
            _insert_notifications("overdue_at", now, NotificationVerb.OVERDUE)

        # Escalate what has been overdue for longer than the delay (working time after the deadline).
        result.escalated = (
            _running()
            .filter(overdue_at__isnull=False, escalated_at__isnull=True, due_at__lte=cutoff)
            .update(escalated_at=now)
        )
        if result.escalated:
            message = _("Overdue for more than %(hours)s working hours: supervised automatically.") % {
                "hours": delay.normalize()
            }
            event, case = CaseEvent._meta.db_table, Case._meta.db_table
            stage = CaseStage._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    INSERT INTO {event} (case_id, action, actor_label, from_state, to_state, note, payload, created_at)
                    SELECT c.id, 'supervise', %s, c.state, c.state, %s, {_payload_sql()}, %s
                    FROM {case} c
                    WHERE c.supervised = %s AND c.id IN (
                        SELECT s.case_id FROM {stage} s WHERE s.escalated_at = %s AND s.completed_at IS NULL)
                    """,
                    [_("system"), message, _db_time(now), False, _db_time(now)],
                )
            Case.objects.filter(pk__in=_stamped("escalated_at", now), supervised=False).update(supervised=True)
            if not _hand_over("supervise", now, result.escalated):
                _insert_notifications("escalated_at", now, NotificationVerb.SUPERVISED)
    return result


def _hand_over(action: str, now: datetime, count: int) -> bool:
    """A few of this sweep's `action` events go where a person's action goes after commit (notifications →
    cases.messages): an automatic 督办 to the lead department, its leader and the area's commanders like a
    leader's own, and every event to the webhooks (the WeCom and DingTalk groups). Above SWEEP_DIGEST_OVER
    at once they do not: a flood of robot messages after an outage helps nobody; the inbox summaries stand
    for them. Returns whether they were handed over."""
    if count > settings.SWEEP_DIGEST_OVER:
        return False
    ids = list(CaseEvent.objects.filter(action=action, created_at=now, actor__isnull=True).values_list("pk", flat=True))
    # Queued in the database with the events, then handed to the worker after the commit.
    notifications.queue_events(event_ids=ids)
    return True


def _payload_sql(stage: str = "") -> str:
    """The event payload as SQL over the case row `c`: the same "kpi" context cases.services writes."""
    build = "jsonb_build_object" if connection.vendor == "postgresql" else "json_object"
    kpi = "'org', c.org_unit_id, 'dept', c.lead_department_id, 'rep', c.reporter_id, 'src', c.source"
    if stage:
        return f"{build}('stage', {stage}, 'kpi', {build}({kpi}, 'stage', {stage}))"
    return f"{build}('kpi', {build}({kpi}))"


def _insert_overdue_events(now: datetime) -> None:
    """One `overdue` event per stage that just passed its deadline: the KPIs count a missed deadline
    when it happens (command.kpis), with the department and unit responsible at that moment."""
    event, case, stage = CaseEvent._meta.db_table, Case._meta.db_table, CaseStage._meta.db_table
    payload = _payload_sql(stage="s.stage")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {event} (case_id, action, actor_label, from_state, to_state, note, payload, created_at)
            SELECT c.id, 'overdue', %s, c.state, c.state, '', {payload}, %s
            FROM {case} c JOIN {stage} s ON s.case_id = c.id
            WHERE s.overdue_at = %s AND s.completed_at IS NULL
            """,
            [_("system"), _db_time(now), _db_time(now)],
        )


def _escalation_cutoff(now: datetime, delay: Decimal) -> datetime:
    """The latest deadline with at least `delay` working hours between it and `now`.

    Working time between a moment and now only shrinks as the moment moves later, so bisection finds
    the cut-off to the second; the sweep then compares every stage's deadline with it in SQL.
    """
    if delay <= 0:
        return now
    wanted = timedelta(hours=float(delay))
    low, high = now - timedelta(days=90), now
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if working_time_between(middle, now) >= wanted:
            low = middle
        else:
            high = middle
    return low
