"""Periodic work of the patrols app on the Huey worker (see patrols.coverage for what each step does)."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from patrols.coverage import auto_close_sessions, compute_day_coverage, remind_missed_patrols

logger = logging.getLogger(__name__)
LOCK_KEY = "patrols:coverage-lock"


@db_periodic_task(crontab(minute="*/10"))
def patrol_sweep() -> None:
    """Every 10 minutes: close stale patrols, refresh today's coverage (and yesterday's until 06:00), remind leaders."""
    if not cache.add(LOCK_KEY, "1", timeout=15 * 60):  # one sweep at a time across workers
        return
    try:
        now = timezone.now()
        closed = auto_close_sessions(now=now)
        today = timezone.localdate(now)
        days = [today] + ([today - timedelta(days=1)] if timezone.localtime(now).hour < 6 else [])
        for day in days:
            compute_day_coverage(day=day, now=now)
        reminded = remind_missed_patrols(now=now)
        if closed or reminded:
            logger.info("patrol sweep: %s closed automatically, %s missed duties reminded", closed, reminded)
    finally:
        cache.delete(LOCK_KEY)
