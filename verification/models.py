from django.db import models
from django.utils.translation import gettext_lazy as _


class PhoneCode(models.Model):
    """A verification code sent to a phone for one purpose (answering a survey, voting, registering).

    Neither the phone nor the code is stored: the phone as its keyed look-up hash, the code as a keyed hash
    bound to phone and purpose, so the table tells nobody whom a code went to or what it was."""

    phone_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [models.Index(fields=["phone_hash", "purpose", "-created_at"], name="verif_code_lookup")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"
