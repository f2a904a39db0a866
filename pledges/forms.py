from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import visible_org_units, visible_users
from pledges.models import Feedback, Pledge, PledgeStatus


class PledgeForm(forms.ModelForm):
    case_number = forms.CharField(label=_("Case number"), max_length=24, required=False)

    class Meta:
        model = Pledge
        fields = ["title", "request", "org_unit", "source", "case_number", "source_note", "owner", "promised_on"]
        widgets = {
            "request": forms.Textarea(attrs={"rows": 3}),
            "promised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = visible_org_units(user).order_by("path")
        self.fields["owner"].queryset = visible_users(user).filter(is_active=True).order_by("username")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PledgeStatus.choices)
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class FeedbackForm(forms.Form):
    feedback = forms.ChoiceField(label=_("Resident's feedback"), choices=Feedback.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("In the resident's words"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PledgeFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", _("All")), *PledgeStatus.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
