from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import visible_org_units, visible_users
from archive.models import MaterialKind, MaterialStatus
from archive.selectors import indicator_choices
from civicgrid.navigation import STAFF_ROLES


class MaterialForm(forms.Form):
    indicator_code = forms.ChoiceField(label=_("Indicator"))
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    requirement = forms.CharField(label=_("What is required"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    org_unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicator_choices()
        self.fields["org_unit"].queryset = visible_org_units(user).exclude(kind="grid").order_by("path")
        # Owners are staff of the area (a volunteer supplies nothing here): the list stays that of the office.
        self.fields["owner"].queryset = (
            visible_users(user).filter(is_active=True, roles__code__in=STAFF_ROLES).distinct().order_by("username")
        )
        if editing:
            del self.fields["org_unit"]

    def clean_title(self):
        title = self.cleaned_data["title"].replace("\x00", "").strip()
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Material file"), help_text=_("PDF, JPG/PNG/WebP, Word, Excel or PowerPoint; at most 50 MB.")
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Record text"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=500)


class LinkForm(forms.Form):
    source = forms.CharField(max_length=40)
    ref_id = forms.CharField(max_length=64)


class EvidenceSearchForm(forms.Form):
    source = forms.CharField(max_length=40, required=False)
    q = forms.CharField(max_length=50, required=False)


class MaterialFilterForm(forms.Form):
    unit = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    status = forms.ChoiceField(choices=[("", ""), *MaterialStatus.choices], required=False)
    indicator = forms.CharField(max_length=20, required=False)
    mine = forms.BooleanField(required=False)
    overdue = forms.BooleanField(required=False)
