"""Webhook deliveries: one per (event, endpoint), sent by one worker at a time, retried with backoff.

A delivery row is written with the event's other effects (notifications.queue) and sent after the commit;
the periodic job (tasks.retry_webhooks) sends what is due again and what a stopped worker never sent.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from civicgrid.plugins import Outgoing
from notifications.channels import backoff_seconds, build_request, deliver
from notifications.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from notifications.sources import queued_source

MAX_WEBHOOK_ATTEMPTS = 8
OPEN_DELIVERY = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)
# Longer than one attempt can take (the HTTP timeout is 5 s), so a claim ends with its attempt, not before.
CLAIM_FOR = timedelta(seconds=settings.WEBHOOK_CLAIM_SECONDS)
CLAIM_BATCH = 10
RETRY_LIMIT = 500  # per run of the periodic job; the next minute takes the rest
# A new webhook delivery is sent after the commit; if it has not been by then, the periodic retry sends it.
FIRST_SEND_GRACE = timedelta(seconds=30)


def endpoints_for(outgoing: Outgoing):
    return WebhookEndpoint.objects.filter(is_active=True).filter(
        Q(department_id__in=outgoing.webhook_departments)
        | Q(org_unit__path__in=outgoing.webhook_org_paths)
        | Q(department__isnull=True, org_unit__isnull=True)
    )


def queue_webhooks(outgoing: Outgoing) -> list[int]:
    created = []
    for endpoint in endpoints_for(outgoing):
        if endpoint.actions and outgoing.action not in endpoint.actions:
            continue
        # Due a little later for the periodic retry (tasks.retry_webhooks): sent at once after the commit,
        # unless the worker stops before it can, and then not lost.
        delivery, made = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint,
            event_id=outgoing.event_id,
            defaults={"next_attempt_at": timezone.now() + FIRST_SEND_GRACE},
        )
        if made:
            created.append(delivery.pk)
    if created:
        from notifications.tasks import send_webhook

        for pk in created:
            transaction.on_commit(lambda pk=pk: send_webhook(pk))
    return created


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
    message = queued_source().webhook_message(delivery.event_id)
    if message is None:  # the event is gone (its case erased): nothing to say any more
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, "event deleted"
        delivery.save(update_fields=["status", "last_error", "claimed_until"])
        return delivery
    try:
        request = build_request(channel=endpoint.channel, url=endpoint.url, secret=endpoint.secret, message=message)
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


def retry_due() -> int:
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
