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


@register.simple_tag
def case_light(case) -> str:
    """The deadline light of a case with its due time and working time left (cases/_light.html, which calls this).
    Python rather than a template include: the case list and the 0.1-point view draw one per row."""
    from django.template.defaultfilters import date as date_filter
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe
    from django.utils.timezone import localtime
    from django.utils.translation import gettext as _

    light = case.light
    if light == "overdue":
        html = format_html(
            '<span class="light light-red" title="{}"></span><span class="small text-danger">{}</span>',
            _("Overdue"),
            _("Overdue"),
        )
    elif light in ("yellow", "green"):
        left = working_time_left(case)
        html = format_html(
            '<span class="light light-{}"></span><span class="small" title="{}">{}</span> '
            '<span class="small text-muted d-block">{}</span>',
            light,
            left,
            date_filter(localtime(case.due_at), "m-d H:i"),  # as the template's |date shows it: local time
            left,
        )
    else:
        html = mark_safe('<span class="small text-muted">—</span>')
    if case.deadline_provisional:
        html += format_html(
            ' <span class="badge text-bg-warning" title="{}">{}</span>',
            _("The work calendar for a year it reaches is not published yet"),
            _("provisional"),
        )
    return html
