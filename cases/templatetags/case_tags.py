from django import template

from cases.models import CaseState
from cases.workflow import TRANSITIONS

register = template.Library()
_STATES = dict(CaseState.choices)


@register.filter
def state_label(code: str) -> str:
    return _STATES.get(code, code)


@register.filter
def action_label(code: str) -> str:
    if code == "report":
        return _STATES[CaseState.REPORTED]
    transition = TRANSITIONS.get(code)
    return transition.label if transition else code
