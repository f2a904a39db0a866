import logging
import os
import socket

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from civicgrid.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"
_STARTED_AT = timezone.now()


def record_heartbeat() -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=WORKER_NAME, defaults={"beat_at": now, "started_at": _STARTED_AT})


@HUEY.on_startup()
def heartbeat_on_startup() -> None:
    # Beat at once, so /healthz turns healthy when the worker starts, not a minute later.
    try:
        record_heartbeat()
    except Exception:  # a worker that cannot reach the database still starts and retries
        logger.exception("worker heartbeat at start-up failed")


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    record_heartbeat()


@db_periodic_task(crontab(minute="17"))
def forget_expired_counters() -> None:
    """Rate-limit windows and one-use tokens that are over: the shared tables stay small."""
    from civicgrid.ratelimit import forget_expired

    forget_expired()
