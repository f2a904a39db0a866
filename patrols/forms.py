from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from civicgrid.dates import DayField
from grids.models import Grid
from patrols.models import Shift

SMALL = {"class": "form-control form-control-sm"}


class RosterEntryForm(forms.Form):
    day = DayField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    shift = forms.ChoiceField(label=_("Shift"), choices=Shift.choices)
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Grid.objects.none())
    user = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = team.grids.filter(is_active=True).order_by("code")
        self.fields["user"].queryset = User.objects.filter(patrol_teams__team=team).order_by("username")


class StatsForm(forms.Form):
    start = DayField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date", **SMALL}))
    end = DayField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date", **SMALL}))
    by = forms.ChoiceField(
        label=_("By"),
        required=False,
        choices=[("member", _("Member")), ("team", _("Team")), ("grid", _("Grid"))],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start must not be after the end."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366:
            raise forms.ValidationError(_("At most one year at a time."))
        return data
