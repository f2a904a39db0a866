from django import forms
from django.utils.translation import gettext_lazy as _

from elections.models import Campaign
from elections.services import CAMPAIGN_SETTINGS


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one field; they are checked by their content in the service (cases' upload check)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", *CAMPAIGN_SETTINGS]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "voting_starts": LocalDateTimeInput(),
            "voting_ends": LocalDateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The title names the campaign on every public page and in the audit trail: fixed once created.
        self.fields["title"].disabled = self.instance.pk is not None


class NominationForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    nominee_name = forms.CharField(label=_("Name of the good person"), max_length=50)
    community = forms.ChoiceField(label=_("Community"))
    summary = forms.CharField(label=_("Their deed in one sentence"), max_length=120)
    story = forms.CharField(label=_("Story"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    photos = PhotosField(label=_("Photos (up to 6)"))
    nominator_name = forms.CharField(label=_("Your name"), max_length=50)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, categories, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [(c.pk, c.name) for c in categories]
        self.fields["community"].choices = [("", "—")] + [(u.pk, u.name) for u in communities]


class ResidentNominationForm(NominationForm):
    """The resident's form: the phone and its code come from the verification widget (fields phone, code)."""

    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    code = forms.CharField(label=_("Verification code"), max_length=8)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class VoteIdsField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        try:
            return sorted({int(item) for item in values})
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Choose the votes to void.")) from exc

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Choose the votes to void."))


class VoidForm(forms.Form):
    votes = VoteIdsField(label=_("Votes"))
    reason = forms.CharField(label=_("Reason for voiding"), max_length=500)


class VerifyForm(forms.Form):
    phone = forms.CharField(max_length=20)
    code = forms.CharField(max_length=8)


class VoteForm(forms.Form):
    nomination = forms.IntegerField(min_value=1)
