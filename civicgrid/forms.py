from django import forms
from django.core.exceptions import ValidationError


def service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: each error on its field when the form has it, the rest (and
    an error that names no field) on top of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
