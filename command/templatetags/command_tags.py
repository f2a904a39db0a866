from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


@register.filter
def kpi(value, is_rate=True) -> str:
    """A figure as shown: rates as percentages with one decimal, counts as they are, "—" for no value."""
    if value is None:
        return "—"
    if is_rate:
        return f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}%"
    return str(value)


@register.simple_tag
def drill_url(kind: str, counter: str, subject: int, period) -> str:
    query = {"kind": kind, "counter": counter, "subject": subject, "start": period.start, "end": period.end}
    return reverse("command:drill") + "?" + urlencode(query)


@register.simple_tag
def trend(current, previous, higher_is_better=True) -> str:
    """ "up"/"down"/"" for an arrow, coloured by whether the change is good."""
    if current is None or previous is None or current == previous:
        return ""
    better = (current > previous) == bool(higher_is_better)
    return ("up" if current > previous else "down") + (" good" if better else " bad")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
