"""The checks behind /healthz."""

from django.conf import settings
from django.db import connection
from django.utils import timezone

from civicgrid.models import WorkerHeartbeat


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the point is to report, not to crash
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_worker() -> dict:
    if settings.HUEY_IMMEDIATE:
        return {"ok": True, "mode": "immediate"}
    try:
        latest = WorkerHeartbeat.objects.order_by("-beat_at").first()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    if latest is None:
        return {"ok": False, "error": "no heartbeat"}
    age = timezone.now() - latest.beat_at
    alive = WorkerHeartbeat.objects.filter(beat_at__gte=timezone.now() - settings.WORKER_HEARTBEAT_MAX_AGE).count()
    return {
        "ok": age <= settings.WORKER_HEARTBEAT_MAX_AGE,
        "last_heartbeat": timezone.localtime(latest.beat_at).isoformat(),
        "age_seconds": int(age.total_seconds()),
        "workers": alive,
    }


def health_report() -> tuple[bool, dict]:
    checks = {"database": check_database()}
    # Without a database the worker check can only fail; say so once.
    checks["worker"] = check_worker() if checks["database"]["ok"] else {"ok": False, "error": "database down"}
    healthy = all(check["ok"] for check in checks.values())
    return healthy, {"status": "ok" if healthy else "fail", "checks": checks, "time": timezone.localtime().isoformat()}
