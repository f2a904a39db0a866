from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from privacy.services import retention_run


@db_periodic_task(crontab(hour="19", minute="30"))  # 03:30 in Beijing, when the office is quiet
def personal_data_retention() -> None:
    retention_run()
