import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from assessment import services

logger = logging.getLogger(__name__)


def on_event_committed(sender, event_id: int, **kwargs) -> None:
    """A case event was committed: if the case is a deduction's, the deduction follows its new state."""
    from cases.models import CaseEvent

    case_id = CaseEvent.objects.filter(pk=event_id).values_list("case_id", flat=True).first()
    if case_id is not None:
        services.deduction_sync(case_id=case_id)


@db_periodic_task(crontab(minute="*/5"))
def deductions_catch_up() -> None:
    """Events whose delivery was lost (a worker that died) must not leave a deduction open or won back."""
    changed = services.deductions_reconcile()
    if changed:
        logger.info("assessment: %s deductions brought in step with their cases", changed)


@db_periodic_task(crontab(hour="0", minute="0"))  # 08:00 in Beijing (the worker's schedule is in UTC)
def remind_due_dust_checks() -> None:
    written = services.remind_due_checks()
    if written:
        logger.info("assessment: %s reminders of due dust checks", written)
