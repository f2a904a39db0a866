import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from volunteers import services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/15"))
def credit_patrol_hours() -> None:
    """Counted patrols of volunteer team members become service hours (idempotent: each patrol once)."""
    credited = services.patrol_hours_credit()
    if credited:
        logger.info("volunteers: %s patrols credited as service hours", credited)


@db_periodic_task(crontab(minute="10"))
def remind_signed_up() -> None:
    sent = services.remind_signups()
    if sent:
        logger.info("volunteers: %s activity reminders", sent)


@db_periodic_task(crontab(day="1", hour="0", minute="30"))  # 08:30 on the 1st in Beijing (worker in UTC)
def month_snapshot() -> None:
    services.rate_snapshot()
