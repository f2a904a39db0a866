import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from notifications.queue import deliver_leftovers, deliver_pending
from notifications.webhooks import attempt_webhook, retry_due

logger = logging.getLogger(__name__)


@db_task()
def deliver_event(event_id: int) -> None:
    """Inbox, e-mail and webhooks for one event, after its transition committed."""
    deliver_pending(event_ids=[event_id])


@db_task()
def deliver_events(event_ids: list[int]) -> None:
    """The same for a batch of events handed over together (notifications.handoff), oldest first."""
    deliver_pending(event_ids=event_ids)


@db_periodic_task(crontab(minute="*"))
def deliver_leftover_events() -> int:
    """Events whose hand-off to the worker was lost (a process killed after the commit, Redis down): the
    database still has them queued (notifications.queue)."""
    delivered = deliver_leftovers()
    if delivered:
        logger.info("delivered %s events the fast path had not", delivered)
    return delivered


@db_task()
def send_webhook(delivery_id: int) -> None:
    attempt_webhook(delivery_id)


@db_periodic_task(crontab(minute="*"))
def retry_webhooks() -> int:
    """Deliveries due again, and those whose first send was lost; each goes out once across workers."""
    return retry_due()
