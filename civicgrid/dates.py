"""Dates and months from query strings and forms, within the years this system can reckon with.

A page computes around the day it is asked for (the week before, the month after, the previous period), so a
day at the edge of Python's calendar (0001-01-01, 9999-12-31) would overflow there; an impossible one
(2026-02-30) raises in the parser. Every day or month a user types goes through here instead: an impossible or
out-of-range value is None (a query string falls back to its default) or a form error.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

# Cases, patrols and reports of this century, with room for periods around them.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def parse_day(text: str | None) -> date | None:
    """YYYY-MM-DD, a real day in range, or None."""
    try:
        day = parse_date((text or "").strip())
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        return None
    return day if day is not None and in_range(day) else None


def parse_month(text: str | None) -> tuple[int, int] | None:
    """YYYY-MM as (year, month), in range, or None."""
    day = parse_day(f"{(text or '').strip()}-01")
    return (day.year, day.month) if day else None


class DayField(forms.DateField):
    """A form's date in range: an error on the field, not an overflow further on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A browser's date picker takes only yyyy-mm-dd; in the locale's format (2026/11/30) it shows empty.
        if isinstance(self.widget, forms.DateInput) and "date" in (
            self.widget.input_type,
            self.widget.attrs.get("type"),
        ):
            self.widget.format = "%Y-%m-%d"

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not in_range(day):
            raise ValidationError(
                _("Choose a day between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
                code="out_of_range",
            )
        return day
