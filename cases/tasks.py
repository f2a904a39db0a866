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
