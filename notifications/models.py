"""The delivery of what happens to those who must hear of it: the queue of committed events, inbox messages,
e-mail and webhooks (WeCom / DingTalk group robots, signed JSON for integrators).

Other apps hand their events over through notifications.services and say who hears what through a message
source (civicgrid.plugins.MessageSource); this app knows nothing of their workflows.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QueuedEvent(models.Model):
    """A committed case event whose effects (inbox, e-mail, webhooks, rollups) are not done yet: the database
    is the delivery queue, so a process killed after the commit loses nothing.

    Written in the same statement as its event (cases.rows, through services.queued), claimed and deleted by
    the worker that delivered it (notifications.queue). The table holds only what is on its way: a few rows,
    not the event history. The tables keep the names they had when they lived in the cases app.
    """

    event = models.OneToOneField("cases.CaseEvent", on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_undeliveredevent"
        verbose_name = _("undelivered case event")
        verbose_name_plural = _("undelivered case events")

    def __str__(self) -> str:
        return f"{self.event_id}"


class NotificationVerb(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    RETURNED = "returned", _("Returned")
    DISPOSED = "disposed", _("Disposed, to verify")
    REWORK = "rework", _("Rework")
    SUPERVISED = "supervised", _("Supervision")
    WARNING = "warning", _("Deadline near")
    OVERDUE = "overdue", _("Overdue")
    POSTPONE = "postpone", _("Postponement")
    OTHER = "other", _("Update")


class Notification(models.Model):
    """An inbox item for a user or for everyone in a department (so the sweep writes one row per case, or one
    summary of many: case is then empty, and target_url leads to the list)."""

    # Indexed in Meta, each leading an index of its own there.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        db_index=False,
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        db_index=False,
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # The event it tells of (notifications.inbox): delivery runs at least once, the inbox row exists once per recipient.
    # Empty for the sweep's rows, which it writes in bulk and guards by its own stamps.
    event = models.ForeignKey(
        "cases.CaseEvent", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    verb = models.CharField(_("kind"), max_length=16, choices=NotificationVerb.choices)
    # db_default: the deadline sweep writes its summary messages in SQL without naming this column.
    link = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("Where a message of another module leads."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        db_table = "cases_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at", "created_at"], name="notification_user_idx"),
            models.Index(fields=["department", "created_at"], name="notification_dept_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(event__isnull=False, user__isnull=False),
                name="notification_once_per_event_user",
            ),
            models.UniqueConstraint(
                fields=["event", "department"],
                condition=models.Q(event__isnull=False, department__isnull=False),
                name="notification_once_per_event_dept",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def target_url(self) -> str:
        """The case it is about; for the sweep's summary of many cases, the list that shows them; for another
        module's message, the page it names."""
        if self.link:
            return self.link
        if self.case_id:
            return reverse("cases:detail", args=[self.case_id])
        query = DIGEST_QUERIES.get(self.verb)
        return f"{reverse('cases:list')}?{query}" if query else ""


# Where a summary message of the deadline sweep leads (cases.sweep): the cases it counted.
DIGEST_QUERIES = {
    NotificationVerb.WARNING: "queue=all&sort=due_at",
    NotificationVerb.OVERDUE: "queue=all&overdue=on",
    NotificationVerb.SUPERVISED: "queue=supervised",
}


class WebhookEndpoint(models.Model):
    """A group robot (WeCom, DingTalk) or an integrator's URL that receives case events."""

    name = models.CharField(_("name"), max_length=100)
    channel = models.CharField(
        _("format"),
        max_length=16,
        choices=[
            ("wecom", _("WeCom group robot")),
            ("dingtalk", _("DingTalk group robot")),
            ("generic", _("Signed JSON")),
        ],
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("secret"), max_length=200, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("org unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
    )
    actions = models.JSONField(
        _("actions"),
        default=list,
        blank=True,
        help_text=_('Case actions to send, e.g. ["dispatch", "supervise"]; empty: all.'),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "cases_webhookendpoint"
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("cases.CaseEvent", on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    response_excerpt = models.CharField(_("response"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # A worker is sending it until then (notifications.webhooks.attempt_webhook): no other takes it; after that, one that
    # has not finished is presumed dead and the delivery is tried again.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "cases_webhookdelivery"
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="delivery_once_per_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.event_id} {self.status}"
