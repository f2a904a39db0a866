"""The one rule for a project's progress and for a late milestone.

Progress is the weighted share of milestones done: Σ weight of milestones with an actual end ÷ Σ weight of all
milestones, as a whole percent rounded down (a project shows 100 % only when every milestone is done). A project
without milestones is at 0 %.
"""

from collections.abc import Iterable
from datetime import date


def progress_percent(milestones: Iterable) -> int:
    total = done = 0
    for milestone in milestones:
        total += milestone.weight
        if milestone.actual_end is not None:
            done += milestone.weight
    return done * 100 // total if total else 0


def is_late(milestone, today: date) -> bool:
    """Open past its planned end, or done after it."""
    if milestone.actual_end is None:
        return milestone.planned_end < today
    return milestone.actual_end > milestone.planned_end


def is_overdue(milestone, today: date) -> bool:
    """Still open past its planned end: what the command screen counts."""
    return milestone.actual_end is None and milestone.planned_end < today
