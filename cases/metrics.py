"""The case engine's figures on /metrics (civicgrid.metrics): read at each scrape, one indexed query each."""

from django.db.models import Count

from cases.models import Case, DeliveryStatus, UndeliveredEvent, WebhookDelivery
from cases.selectors import overdue_now
from civicgrid.plugins import MetricGauge


def queue_depth() -> int:
    return UndeliveredEvent.objects.count()


def overdue_cases() -> int:
    return Case.objects.filter(overdue_now()).count()


def webhook_deliveries() -> dict:
    counts = dict.fromkeys([DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.FAILED], 0)
    rows = WebhookDelivery.objects.exclude(status=DeliveryStatus.SENT).values_list("status").annotate(n=Count("pk"))
    counts.update(dict(rows))
    return {(str(status),): n for status, n in counts.items()}


GAUGES = [
    MetricGauge(
        "civicgrid_event_queue_depth", "Committed case events not yet delivered (inbox, webhooks)", queue_depth
    ),
    MetricGauge("civicgrid_overdue_cases", "Open cases past their current deadline", overdue_cases),
    MetricGauge(
        "civicgrid_webhook_deliveries", "Webhook deliveries not sent, by status", webhook_deliveries, labels=("status",)
    ),
]
