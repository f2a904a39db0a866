from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per worker host+process, touched by the worker every minute.

    /healthz reads it to tell whether background work is being done; the
    database is the one thing the web process and every worker share in both
    the embedded and the scaled-out install.
    """

    worker = models.CharField(_("worker"), max_length=120, unique=True)
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker


class SharedCounter(models.Model):
    """A rate-limit window's count where every app process sees it (the embedded install has no Redis, and its
    several gunicorn workers each have their own in-process cache)."""

    bucket = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.bucket}={self.count}"


class UsedToken(models.Model):
    """A one-use token that every app process must see as used (civicgrid.ratelimit.use_once)."""

    key = models.CharField(max_length=200, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key
