import logging
from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cases.delivery import deliver_leftovers, deliver_pending
from cases.models import DeliveryStatus, WebhookDelivery
from cases.sweep import sweep_deadlines

logger = logging.getLogger(__name__)
MAX_WEBHOOK_ATTEMPTS = 8


@db_task()
def deliver_event(event_id: int) -> None:
    """Inbox, e-mail and webhooks for one case event, after its transition committed."""
    deliver_pending(event_ids=[event_id])


@db_task()
def deliver_events(event_ids: list[int]) -> None:
    """The same for a batch of events handed over together (cases.outbox), oldest first."""
    deliver_pending(event_ids=event_ids)


@db_periodic_task(crontab(minute="*"))
def deliver_leftover_events() -> int:
    """Events whose hand-off to the worker was lost (a process killed after the commit, Redis down): the
    database still has them queued (cases.delivery)."""
    delivered = deliver_leftovers()
    if delivered:
        logger.info("delivered %s case events the fast path had not", delivered)
    return delivered


@db_task()
def send_webhook(delivery_id: int) -> None:
    attempt_webhook(delivery_id)


def attempt_webhook(delivery_id: int) -> WebhookDelivery | None:
    """One delivery attempt; failures are scheduled again with backoff, never raised."""
    from cases.channels import backoff_seconds, build_request, deliver
    from cases.webhooks import message_for

    delivery = WebhookDelivery.objects.select_related("endpoint", "event", "event__case").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
        return delivery
    # Order per case: an older event of the same case to the same endpoint goes first.
    earlier = WebhookDelivery.objects.filter(
        endpoint=delivery.endpoint, event__case=delivery.event.case, event__id__lt=delivery.event_id
    ).exclude(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED])
    now = timezone.now()
    if earlier.exists():
        delivery.status, delivery.next_attempt_at = DeliveryStatus.RETRYING, now + timedelta(seconds=30)
        delivery.save(update_fields=["status", "next_attempt_at"])
        return delivery
    endpoint = delivery.endpoint
    try:
        request = build_request(
            channel=endpoint.channel, url=endpoint.url, secret=endpoint.secret, message=message_for(delivery.event)
        )
    except ValueError as exc:
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, str(exc)[:500]
        delivery.save(update_fields=["status", "last_error"])
        return delivery
    result = deliver(request)
    delivery.attempts += 1
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error[:500]
    delivery.response_excerpt = result.response_excerpt[:500]
    if result.ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.SENT, now, None
    elif result.retryable and delivery.attempts < MAX_WEBHOOK_ATTEMPTS:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + timedelta(seconds=backoff_seconds(delivery.attempts))
    else:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    delivery.save()
    return delivery


@db_periodic_task(crontab(minute="*"))
def retry_webhooks() -> int:
    due = list(
        WebhookDelivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], next_attempt_at__lte=timezone.now()
        )
        .order_by("event_id")
        .values_list("pk", flat=True)[:500]
    )
    for pk in due:
        attempt_webhook(pk)
    return len(due)


@db_periodic_task(crontab(minute="*"))
def deadline_sweep() -> None:
    result = sweep_deadlines()
    if result.warned or result.overdue or result.escalated:
        logger.info(
            "deadline sweep: %s warned, %s overdue, %s escalated", result.warned, result.overdue, result.escalated
        )
