"""The public report form's captcha: a distorted picture of characters, from the maintained django-simple-captcha.

Its challenges live in the database (`captcha.models.CaptchaStore`), not in a process's memory, so a challenge drawn
by one app process is checked by any other, and each is good for one attempt: checking it deletes the row, and only
the attempt whose delete removed it may pass. The picture is drawn with the font the package ships; nothing is
fetched from the network.
"""

import secrets

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

# Letters and digits that cannot be mistaken for each other on a small screen (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
LENGTH = 4
WRONG = gettext_lazy("The characters do not match or the picture expired; type the ones in the new picture.")


def challenge() -> tuple[str, str]:
    """(text drawn in the picture, expected answer), from the system's secure random source (CAPTCHA_CHALLENGE_FUNCT)."""
    text = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return text, text.lower()


class CaptchaInput(CaptchaTextInput):
    """The picture with a link to draw another, the hidden challenge key and the answer box."""

    template_name = "public/captcha_widget.html"


class OneUseCaptchaField(CaptchaField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", CaptchaInput(attrs={"maxlength": LENGTH, "inputmode": "text"}))
        kwargs.setdefault("error_messages", {"invalid": WRONG})
        super().__init__(**kwargs)

    def clean(self, value):
        # The library's check reads the row, then deletes it: two processes given the same answer at once could both
        # pass. Here the delete is the use, and only the attempt whose delete removed the row may pass.
        forms.MultiValueField.clean(self, value)  # "this field is required" for an empty answer
        key, answer = str(value[0] or ""), str(value[1] or "").strip().lower()
        # An expired challenge is refused by the filter; the hourly job (forget_expired) deletes those rows, so a
        # submission does not sweep the whole table first.
        store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
        used = store is not None and CaptchaStore.objects.filter(pk=store.pk).delete()[0] == 1
        if not used or not secrets.compare_digest(store.response.encode(), answer.encode()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def forget_expired() -> int:
    """Delete challenges nobody answered in time (every page view draws one); how many."""
    return CaptchaStore.objects.filter(expiration__lte=timezone.now()).delete()[0]
