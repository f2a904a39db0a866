from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from volunteers.models import Activity, ActivityKind, IdType, TeamKind, Volunteer


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_type = forms.ChoiceField(label=_("ID document"), choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    phone = forms.CharField(label=_("Mobile number"), max_length=20)
    code = forms.CharField(label=_("Verification code"), max_length=10)
    community = forms.ModelChoiceField(label=_("Community of residence"), queryset=OrgUnit.objects.none())
    skills = forms.CharField(label=_("Skills"), max_length=200, required=False)
    availability = forms.CharField(label=_("When you are available"), max_length=200, required=False)
    is_party_member = forms.BooleanField(label=_("I am a party member serving in a unit of the area"), required=False)
    party_unit = forms.ModelChoiceField(
        label=_("My unit's party organisation"), queryset=OrgUnit.objects.none(), required=False
    )
    guardian_name = forms.CharField(label=_("Guardian's name (under 18)"), max_length=50, required=False)
    guardian_consent = forms.BooleanField(label=_("My guardian agrees to my registration"), required=False)
    consent = forms.BooleanField(label=_("I have read and agree to the personal information notice"), required=False)

    def __init__(self, *args, **kwargs):
        from grids.models import PartnerUnit

        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = OrgUnit.objects.filter(kind="community").order_by("path")
        self.fields["party_unit"].queryset = PartnerUnit.objects.order_by("name")


class PhoneLoginForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number"), max_length=20)
    code = forms.CharField(label=_("Verification code"), max_length=10)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "festival",
            "team",
            "place",
            "lng",
            "lat",
            "starts_at",
            "ends_at",
            "capacity",
            "skills",
            "signup_opens",
            "signup_closes",
            "description",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "signup_opens": DateTimeInput(),
            "signup_closes": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, units=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ActivityKind.choices
        self.fields["organiser"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["team"].queryset = teams if teams is not None else self.fields["team"].queryset.none()
        self.fields["capacity"].min_value = 1


class ManualCheckForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)
    check_in_at = forms.DateTimeField(label=_("Checked in at"), widget=DateTimeInput())
    check_out_at = forms.DateTimeField(label=_("Checked out at"), widget=DateTimeInput())
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CorrectionForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=24, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=TeamKind.choices)
    org_unit = forms.ModelChoiceField(label=_("Practice centre / station"), queryset=OrgUnit.objects.none())
    leader = forms.ModelChoiceField(label=_("Leader"), queryset=Volunteer.objects.none(), required=False)

    def __init__(self, *args, units, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units
        if members is None:  # a new team has no members yet: its leader is chosen once they are added
            del self.fields["leader"]
        else:
            self.fields["leader"].queryset = members
            self.fields["leader"].empty_label = _("No leader yet")


class TeamMemberForm(forms.Form):
    """Add, remove or make leader one volunteer (by id, from the team page's search or member list)."""

    ACTIONS = (("add", _("Add")), ("remove", _("Remove from team")), ("leader", _("Make leader")))
    volunteer = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
