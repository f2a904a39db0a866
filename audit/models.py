from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryImmutable(Exception):
    """Raised on an attempt to change or delete an audit row through the ORM."""


class AuditEntryQuerySet(models.QuerySet):
    # The log is append-only: rows are only ever inserted, by audit.services (see audit/chain.py).
    def update(self, **kwargs):
        raise AuditEntryImmutable("audit entries are append-only")

    def delete(self):
        raise AuditEntryImmutable("audit entries are append-only")


class AuditEntry(models.Model):
    """One row per business write, made by the service that did it. Never updated.

    Rows form a hash chain in `sequence` order (audit/chain.py): each row's `hash` covers its content and the
    `prev_hash` of the row before, so a row changed or removed in the database breaks the chain at that point.
    """

    sequence = models.BigIntegerField(_("sequence"), unique=True, editable=False)
    # Set by audit.services before the hash is taken (not auto_now_add, which would stamp it after).
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        # A user who acted is deactivated, never deleted: SET_NULL would rewrite hashed rows.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("object type"), max_length=64)
    target_id = models.CharField(_("object id"), max_length=64)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"]), models.Index(fields=["action"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}#{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEntryImmutable("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEntryImmutable("audit entries are append-only")


class AuditChainHead(models.Model):
    """The one row that says where the chain ends. Appends lock it, so two writers cannot fork the chain."""

    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"
