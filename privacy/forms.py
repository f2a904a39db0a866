from django import forms
from django.utils.translation import gettext_lazy as _


class PersonForm(forms.Form):
    phone = forms.CharField(label=_("Phone number the person gave"), max_length=30)


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, help_text=_("E.g. the person's written request and its date.")
    )
    confirm = forms.BooleanField(label=_("I understand the name, phone and e-mail are removed for good."))
