import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cases.delivery import deliver_leftovers, deliver_pending
from cases.models import DeliveryStatus, WebhookDelivery
from cases.sweep import sweep_deadlines

logger = logging.getLogger(__name__)
MAX_WEBHOOK_ATTEMPTS = 8
OPEN_DELIVERY = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)
# Longer than one attempt can take (the HTTP timeout is 5 s), so a claim ends with its attempt, not before.
CLAIM_FOR = timedelta(seconds=settings.WEBHOOK_CLAIM_SECONDS)
CLAIM_BATCH = 10
RETRY_LIMIT = 500  # per run of the periodic job; the next minute takes the rest


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


def _claim_one(delivery_id: int, now) -> bool:
    """Take the delivery for this worker unless another holds it or it is finished (one conditional UPDATE:
    of two workers, exactly one matches)."""
    return (
        WebhookDelivery.objects.filter(pk=delivery_id, status__in=OPEN_DELIVERY)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM_FOR)
        == 1
    )


def attempt_webhook(delivery_id: int, *, claimed: bool = False) -> WebhookDelivery | None:
    """One delivery attempt; failures are scheduled again with backoff, never raised.

    The attempt claims the delivery first (unless the caller did, `claimed`), so two workers never send it
    at once; the claim ends with the attempt's result."""
    now = timezone.now()
    if not claimed and not _claim_one(delivery_id, now):
        return WebhookDelivery.objects.filter(pk=delivery_id).first()
    return _attempt(delivery_id, now)


def _attempt(delivery_id: int, now) -> WebhookDelivery | None:
    from cases.channels import backoff_seconds, build_request, deliver
    from cases.webhooks import message_for

    delivery = WebhookDelivery.objects.select_related("endpoint", "event", "event__case").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
        return delivery
    delivery.claimed_until = None  # every outcome below is saved, and releases the claim
    # Order per case: an older event of the same case to the same endpoint goes first.
    earlier = WebhookDelivery.objects.filter(
        endpoint=delivery.endpoint, event__case=delivery.event.case, event__id__lt=delivery.event_id
    ).exclude(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED])
    if earlier.exists():
        delivery.status, delivery.next_attempt_at = DeliveryStatus.RETRYING, now + timedelta(seconds=30)
        delivery.save(update_fields=["status", "next_attempt_at", "claimed_until"])
        return delivery
    endpoint = delivery.endpoint
    try:
        request = build_request(
            channel=endpoint.channel, url=endpoint.url, secret=endpoint.secret, message=message_for(delivery.event)
        )
    except ValueError as exc:
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, str(exc)[:500]
        delivery.save(update_fields=["status", "last_error", "claimed_until"])
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


def _claim_due(now, limit: int) -> list[int]:
    """Claim up to `limit` deliveries that are due and held by no worker, oldest event first. Rows another
    worker is claiming right now are skipped (SKIP LOCKED; on SQLite the IMMEDIATE transaction serialises)."""
    with transaction.atomic():
        due = (
            WebhookDelivery.objects.filter(status__in=OPEN_DELIVERY, next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("event_id")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        WebhookDelivery.objects.filter(pk__in=ids).update(claimed_until=now + CLAIM_FOR)
    return ids


@db_periodic_task(crontab(minute="*"))
def retry_webhooks() -> int:
    """Deliveries due again, and those whose first send was lost (a worker stopped before it ran): with two
    workers running this at once, each delivery goes out once."""
    attempted = 0
    while attempted < RETRY_LIMIT:
        # A few at a time, so that each claim is used well within CLAIM_FOR even if every attempt times out.
        ids = _claim_due(timezone.now(), CLAIM_BATCH)
        for pk in ids:
            attempt_webhook(pk, claimed=True)
        attempted += len(ids)
        if len(ids) < CLAIM_BATCH:
            break
    return attempted


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
