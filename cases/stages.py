"""Stage deadlines of a case: which stage runs in which state, start, complete, pause, resume, extend.

Called only from cases.services inside the transition's transaction, with the case row locked. The functions
change the rows in memory and record them in `writes`; the caller writes them with the case row and its event
(cases.rows.RowWrites).
"""

from datetime import datetime, timedelta
from decimal import Decimal

from cases.deadlines import DeadlineUnit, add_working_time, compute_deadline, working_time_between
from cases.models import Case, CaseStage, CaseState, Stage, StageLimit, WorkflowSettings
from cases.rows import RowWrites
from civicgrid.config_cache import cached

# The stage whose clock runs while a case is in a state; states not listed run no clock.
STATE_STAGE = {
    CaseState.REPORTED: Stage.FILING,
    CaseState.FILED: Stage.DISPATCH,
    CaseState.RETURNED: Stage.DISPATCH,
    CaseState.DISPATCHED: Stage.DISPOSAL,
    CaseState.IN_PROGRESS: Stage.DISPOSAL,
    CaseState.DISPOSED: Stage.VERIFICATION,
    CaseState.VERIFIED: Stage.CLOSING,
}
# Actions after which the stage starts again from zero although the stage name stays the same.
RESTARTING_ACTIONS = frozenset({"verify_fail", "redispatch", "reopen"})
WORKING_UNITS = frozenset({DeadlineUnit.WORK_HOUR, DeadlineUnit.WORK_DAY})
# Used when a case was filed before rules existed (should not happen) so that a deadline always runs.
FALLBACK_DISPOSAL = (Decimal("2"), DeadlineUnit.WORK_DAY)


def stage_limit(case: Case, stage: str) -> tuple[Decimal, str]:
    if stage == Stage.DISPOSAL:
        rules = case.rules or {}
        if rules.get("limit") and rules.get("unit"):
            return Decimal(rules["limit"]), rules["unit"]
        return FALLBACK_DISPOSAL
    limits = cached("stage_limits", lambda: {row.stage: (row.amount, row.unit) for row in StageLimit.objects.all()})
    return limits.get(stage, (Decimal("1"), DeadlineUnit.WORK_HOUR))


def _warn_at(start: datetime, due: datetime, amount: Decimal, unit: str, fraction: Decimal) -> datetime:
    if unit in WORKING_UNITS:
        return add_working_time(start, amount * fraction, unit)
    return start + (due - start) * float(fraction)


def open_stage(case: Case) -> CaseStage | None:
    """The running (or paused) stage: Case.open_stage, loaded with the locked row by cases.services.transition."""
    return case.open_stage if case.open_stage_id else None


def start_stage(case: Case, stage: str, now: datetime, settings: WorkflowSettings, writes: RowWrites) -> CaseStage:
    amount, unit = stage_limit(case, stage)
    deadline = compute_deadline(now, amount, unit)
    row = CaseStage(
        case=case,
        stage=stage,
        started_at=now,
        amount=amount,
        unit=unit,
        due_at=deadline.due_at,
        warn_at=_warn_at(now, deadline.due_at, amount, unit, settings.warn_fraction),
        provisional=deadline.provisional,
    )
    writes.insert(row)
    case.open_stage = row
    case.due_at, case.warn_at = row.due_at, row.warn_at
    case.deadline_provisional = row.provisional
    return row


def complete_stage(case: Case, row: CaseStage, now: datetime, writes: RowWrites) -> None:
    row.completed_at = now
    writes.update(row, "completed_at")
    case.open_stage = None


def follow_transition(case: Case, *, action: str, old_state: str, now: datetime, writes: RowWrites) -> CaseStage | None:
    """Complete, start, pause or resume stage clocks after `case` moved from old_state to case.state.

    Returns the stage this action completed, if any (its lateness is a KPI fact of the event).
    """
    settings = WorkflowSettings.current()
    current = open_stage(case)
    if case.state == CaseState.SHELVED:
        if current and current.paused_at is None:
            current.paused_at = now
            writes.update(current, "paused_at")
        return None
    if action == "unshelve" and current and current.paused_at is not None:
        resume_stage(case, current, now, settings, writes)
        return None
    wanted = STATE_STAGE.get(case.state)
    done = None
    if current and (wanted != current.stage or action in RESTARTING_ACTIONS):
        complete_stage(case, current, now, writes)
        done, current = current, None
    if wanted and current is None:
        start_stage(case, wanted, now, settings, writes)
    if wanted is None:
        case.due_at = case.warn_at = None
    return done


def resume_stage(case: Case, row: CaseStage, now: datetime, settings: WorkflowSettings, writes: RowWrites) -> None:
    """Shelving paused the clock: the time left when it stopped is the time left now."""
    if row.unit in WORKING_UNITS:
        left = working_time_between(row.paused_at, row.due_at)
        due = (
            add_working_time(now, Decimal(left.total_seconds()) / 3600, DeadlineUnit.WORK_HOUR)
            if left > timedelta(0)
            else now
        )
    else:
        due = now + max(row.due_at - row.paused_at, timedelta(0))
    row.due_at = due
    row.warn_at = min(row.warn_at + (now - row.paused_at), due)
    row.paused_at = None
    writes.update(row, "due_at", "warn_at", "paused_at")
    case.due_at, case.warn_at = due, row.warn_at


def extend_stage(case: Case, amount: Decimal, unit: str, now: datetime, writes: RowWrites) -> CaseStage | None:
    """An approved postponement: the running stage's deadline moves by `amount` `unit`."""
    row = open_stage(case)
    if row is None:
        return None
    deadline = compute_deadline(row.due_at, amount, unit)
    row.due_at = deadline.due_at
    # The warning moves with the deadline (the same time before it), and is given again when it comes.
    row.warn_at = min(compute_deadline(row.warn_at, amount, unit).due_at, row.due_at)
    row.provisional = row.provisional or deadline.provisional
    if row.warn_at > now:
        row.warned_at = None
    if row.due_at > now:
        row.overdue_at = None
        row.escalated_at = None
    writes.update(row, "due_at", "warn_at", "provisional", "warned_at", "overdue_at", "escalated_at")
    case.due_at, case.warn_at = row.due_at, row.warn_at
    case.deadline_provisional = row.provisional
    return row
