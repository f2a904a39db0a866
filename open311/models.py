"""Who may post Open311 service requests (client applications and their keys), and what each post carried."""

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_RATE_LIMIT = 60  # POST requests a minute


class ClientApplication(models.Model):
    """A third-party reporting app with its own API key.

    Only the SHA-256 of the key is stored, with its first characters so an admin can tell keys apart;
    the key itself is shown once, when it is made (see open311.services.client_register / client_rotate_key).
    """

    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Who to call about this application.")
    )
    key_prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    rate_limit_per_minute = models.PositiveIntegerField(
        _("requests a minute"),
        default=DEFAULT_RATE_LIMIT,
        help_text=_("How many service requests this application may post in one minute."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    key_created_at = models.DateTimeField(_("key issued at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 client application")
        verbose_name_plural = _("Open311 client applications")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class Submission(models.Model):
    """What an Open311 POST carried beyond the case itself: the client, its device and account ids, the choices.

    Kept for tracing and for the operator; never returned by the public GET endpoints.
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="open311_submission"
    )
    client = models.ForeignKey(
        ClientApplication, verbose_name=_("client application"), on_delete=models.PROTECT, related_name="submissions"
    )
    account_id = models.CharField(_("account id"), max_length=100, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    condition = models.ForeignKey(
        "cases.FilingCondition",
        verbose_name=_("filing condition suggested by the reporter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} ← {self.client.name}"
