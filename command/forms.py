from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.selectors import visible_departments, visible_org_units, visible_users
from civicgrid.dates import DayField
from command.kpis import COUNTER_INDEX
from command.models import SubjectKind
from command.selectors import Period, today

MAX_DAYS = 731  # two years: the rollups answer any range, but a page of figures over decades helps no one


class PeriodForm(forms.Form):
    """An org unit the user may see and a period (this month so far by default)."""

    PRESETS = [
        ("today", _("Today")),
        ("week", _("This week")),
        ("month", _("This month")),
        ("last_week", _("Last week")),
        ("last_month", _("Last month")),
        ("custom", _("Custom")),
    ]
    unit = forms.ModelChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none(), required=False)
    preset = forms.ChoiceField(label=_("Period"), choices=PRESETS, required=False)
    start = DayField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = DayField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = visible_org_units(user).exclude(kind="grid").order_by("path")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        preset = data.get("preset") or ("custom" if data.get("start") or data.get("end") else "month")
        day = today()
        if preset == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None:
                self.add_error("start", _("Enter the first day."))
            if end is None:
                self.add_error("end", _("Enter the last day."))
            if start and end:
                if end < start:
                    self.add_error("end", _("The last day cannot be before the first day."))
                elif (end - start).days + 1 > MAX_DAYS:
                    self.add_error("end", _("Choose at most two years."))
            data["period"] = Period(start, end) if start and end and not self.errors else None
        else:
            data["period"] = preset_period(preset, day)
        data["preset"] = preset
        if data.get("unit") is None:
            data["unit"] = default_unit(self.user)
            if data["unit"] is None:
                self.add_error("unit", _("You have no org unit to look at."))
        return data


def preset_period(preset: str, day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    first = day.replace(day=1)
    if preset == "today":
        return Period(day, day)
    if preset == "week":
        return Period(monday, day)
    if preset == "last_week":
        return Period(monday - timedelta(days=7), monday - timedelta(days=1))
    if preset == "last_month":
        last = first - timedelta(days=1)
        return Period(last.replace(day=1), last)
    return Period(first, day)


def default_unit(user) -> OrgUnit | None:
    if user.org_unit_id and user.org_unit.kind != "grid":
        return user.org_unit
    return visible_org_units(user).exclude(kind="grid").order_by("depth", "path").first()


class DrillForm(forms.Form):
    """One counted figure: which counter, of which subject, over which days."""

    kind = forms.ChoiceField(choices=SubjectKind.choices)
    counter = forms.CharField(max_length=32)
    subject = forms.IntegerField(min_value=1)
    start = DayField()
    end = DayField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if (data["kind"], data["counter"]) not in COUNTER_INDEX:
            self.add_error("counter", _("No such figure."))
        if data["end"] < data["start"] or (data["end"] - data["start"]).days + 1 > MAX_DAYS:
            self.add_error("end", _("Choose a period of at most two years, ending after it starts."))
        visible = {
            SubjectKind.ORG: visible_org_units,
            SubjectKind.DEPARTMENT: visible_departments,
            SubjectKind.USER: visible_users,
        }[data["kind"]](self.user)
        data["subject_obj"] = visible.filter(pk=data["subject"]).first()
        if data["subject_obj"] is None:
            self.add_error("subject", _("You may not see this."))
        data["period"] = Period(data["start"], data["end"])
        return data


class SuperviseForm(forms.Form):
    message = forms.CharField(label=_("Supervision message"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
