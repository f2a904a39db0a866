import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cases.sweep import sweep_deadlines

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def deadline_sweep() -> None:
    result = sweep_deadlines()
    if result.warned or result.overdue or result.escalated:
        logger.info(
            "deadline sweep: %s warned, %s overdue, %s escalated", result.warned, result.overdue, result.escalated
        )


@db_periodic_task(crontab(minute="23"))
def forget_expired_captchas() -> int:
    """Captcha challenges nobody answered in time: every view of the report form draws one, the table stays small."""
    from cases.captcha import forget_expired

    return forget_expired()
