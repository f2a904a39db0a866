import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from command import rollup

logger = logging.getLogger(__name__)


def on_event_committed(sender, event_id: int, **kwargs) -> None:
    """A case event was committed: bring the rollups up to date now, so the screen shows it within seconds.

    Workers doing this at once queue on the cursor row's lock; the later ones find nothing left to do.
    """
    rollup.apply_pending()


@db_periodic_task(crontab(minute="*"))
def rollups_catch_up() -> None:
    """Events written without a worker notification (the deadline sweep's) and anything a crash left."""
    applied = rollup.apply_pending()
    if applied:
        logger.info("rollups: %s events applied", applied)


from command.report_tasks import *  # noqa: E402, F403
