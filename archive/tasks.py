import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from archive import services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="0", minute="10"))  # 08:10 in Beijing (the worker's schedule is in UTC)
def remind_archive_owners() -> None:
    written = services.remind_owners()
    if written:
        logger.info("archive: %s reminders of due materials", written)
