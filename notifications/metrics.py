"""The delivery figures on /metrics (civicgrid.metrics): read at each scrape, one indexed query each."""

from django.db.models import Count

from civicgrid.plugins import MetricGauge
from notifications.models import DeliveryStatus, QueuedEvent, WebhookDelivery


def queue_depth() -> int:
    return QueuedEvent.objects.count()


def webhook_deliveries() -> dict:
    counts = dict.fromkeys([DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.FAILED], 0)
    rows = WebhookDelivery.objects.exclude(status=DeliveryStatus.SENT).values_list("status").annotate(n=Count("pk"))
    counts.update(dict(rows))
    return {(str(status),): n for status, n in counts.items()}


GAUGES = [
    MetricGauge("civicgrid_event_queue_depth", "Committed events not yet delivered (inbox, webhooks)", queue_depth),
    MetricGauge(
        "civicgrid_webhook_deliveries", "Webhook deliveries not sent, by status", webhook_deliveries, labels=("status",)
    ),
]
