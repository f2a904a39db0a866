from django import template
from django.utils.translation import gettext_lazy

from cases.models import CaseState
from cases.workflow import TRANSITIONS

register = template.Library()
_STATES = dict(CaseState.choices)
# Written by the deadline sweep (cases.sweep), not a transition anyone takes.
_OVERDUE = gettext_lazy("Deadline passed")


@register.filter
def state_label(code: str) -> str:
    return _STATES.get(code, code)


@register.filter
def action_label(code: str) -> str:
    if code == "report":
        return _STATES[CaseState.REPORTED]
    if code == "overdue":
        return _OVERDUE
    transition = TRANSITIONS.get(code)
    return transition.label if transition else code


@register.filter
def working_time_left(case) -> str:
    """ "3.5 h" / "2 d 1.5 h" of working time left until the deadline ("" when none runs or it passed)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from cases.deadlines import working_time_between

    if not case.due_at or not case.is_open or case.state == CaseState.SHELVED:
        return ""
    now = timezone.now()
    if case.due_at <= now:
        return ""
    hours = working_time_between(now, case.due_at).total_seconds() / 3600
    if hours >= 7.5:
        return _("%(days)d working days %(hours).1f h left") % {"days": hours // 7.5, "hours": hours % 7.5}
    return _("%(hours).1f working hours left") % {"hours": hours}
