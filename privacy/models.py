from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    EXPORT = "export", _("Export")
    ERASE = "erase", _("Erasure")
    RETENTION = "retention", _("Retention")


class PersonalDataRequest(models.Model):
    """One handled request of a resident about their personal data (or one retention run): what was done, by
    whom, and to how many records of each module. The person is named only by the phone's keyed hash."""

    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    phone_hash = models.CharField(max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.PROTECT, null=True, blank=True
    )
    counts = models.JSONField(_("records"), default=dict)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())
