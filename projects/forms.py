import json

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import visible_org_units, visible_users
from projects.models import Milestone, PhotoPhase, Project, ProjectKind, TaskForce
from projects.selectors import visible_task_forces


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one field; validation by content happens in the service (cases.media)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ProjectFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *ProjectKind.choices], required=False)
    q = forms.CharField(label=_("Search"), max_length=50, required=False)


class ProjectForm(forms.ModelForm):
    area = forms.CharField(label=_("Area (GeoJSON)"), widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "name",
            "kind",
            "org_unit",
            "task_force",
            "address",
            "lng",
            "lat",
            "households",
            "budget",
            "summary",
            "is_public",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "lng": forms.HiddenInput, "lat": forms.HiddenInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = visible_org_units(user).order_by("path")
        self.fields["task_force"].queryset = visible_task_forces(user).order_by("name")
        if self.instance.pk and self.instance.area and not self.is_bound:
            self.initial["area"] = json.dumps(self.instance.area)
        self.fields["lng"].error_messages["required"] = _("Click the map to place the project.")
        self.fields["lat"].error_messages["required"] = _("Click the map to place the project.")

    def clean_area(self):
        text = self.cleaned_data.get("area") or ""
        if not text.strip():
            return None
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("The drawn area could not be read.")) from exc
        if isinstance(value, dict) and value.get("type") == "Feature":
            value = value.get("geometry")
        return value


class TaskForceForm(forms.ModelForm):
    class Meta:
        model = TaskForce
        fields = ["name", "org_unit", "leader", "members", "duty"]
        widgets = {"duty": forms.Textarea(attrs={"rows": 3}), "members": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = visible_org_units(user).order_by("path")
        staff = visible_users(user).filter(is_active=True).order_by("org_unit__path", "username")
        self.fields["leader"].queryset = staff
        self.fields["members"].queryset = staff


def _date(label, required=True, help_text=""):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, required=required, widget=widget, help_text=help_text)


class MilestoneForm(forms.Form):
    """A new milestone (a plain form: the service checks the dates and says which field is wrong)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    weight = forms.IntegerField(
        label=_("Weight"), min_value=1, max_value=100, initial=1, help_text=_("Its share of the project's progress.")
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    planned_start = _date(_("Planned start"))
    planned_end = _date(_("Planned end"))
    actual_start = _date(_("Actual start"), required=False)
    actual_end = _date(_("Actual end"), required=False, help_text=_("Set when the milestone is done."))


class MilestoneRecordForm(forms.ModelForm):
    """What the task force records on a milestone: when it really started and ended."""

    class Meta:
        model = Milestone
        fields = ["actual_start", "actual_end"]
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in fields}


class PhotoForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=PhotoPhase.choices)
    photos = PhotosField(label=_("Photos"))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class CaseLinkForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=24)
