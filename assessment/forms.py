from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import LocationType, SchemeKind


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    location_type = forms.ModelChoiceField(label=_("Location type"), queryset=LocationType.objects.all())
    lng = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Contact"), max_length=50, required=False)
    contact_phone = forms.RegexField(
        label=_("Contact phone"),
        regex=r"^[0-9+\- ]{5,20}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number of digits.")},
    )
    is_old_compound = forms.BooleanField(label=_("Old residential compound (老旧小区)"), required=False)


class ScoreFilterForm(forms.Form):
    unit = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    kind = forms.ChoiceField(choices=SchemeKind.choices, required=False)


class NearbyForm(forms.Form):
    lng = forms.FloatField(min_value=-180, max_value=180)
    lat = forms.FloatField(min_value=-90, max_value=90)


class SchemeImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SchemeKind.choices)
    name = forms.CharField(label=_("Scheme name"), max_length=100)
    file = forms.FileField(label=_("Workbook (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("At most 5 MB."))
        return upload


class MonthForm(forms.Form):
    unit = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    month = forms.RegexField(regex=r"^(20[0-9]{2})-(0[1-9]|1[0-2])$", required=False)
