from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from verification.services import codes_forget


@db_periodic_task(crontab(minute="17"))
def forget_old_codes() -> None:
    codes_forget()
