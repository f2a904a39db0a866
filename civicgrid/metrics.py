"""Prometheus metrics at /metrics: request latency by view, and the figures an operator watches.

Request latency is a histogram per view, observed by `MetricsMiddleware`. With several gunicorn workers set
PROMETHEUS_MULTIPROC_DIR (an empty folder, emptied at each start; scripts/gunicorn.conf.py marks dead workers)
so that a scrape sums every worker; without it a scrape sees the one worker that answered.

The state figures (event queue depth, overdue cases, webhook failures, rollup lag …) are read from the
database at scrape time, from each app's `<app>/metrics.py` GAUGES (civicgrid.plugins.MetricGauge): they are
the same in every process, so they are not kept per process.
"""

import hmac
import os
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from civicgrid.plugins import collect

REQUEST_SECONDS = Histogram(
    "civicgrid_request_seconds",
    "Time to answer a request, by view",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10),
)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # Only named routes become labels, so a scan of random URLs cannot blow up the series count.
        view = (match.view_name if match else "") or "unresolved"
        REQUEST_SECONDS.labels(view, request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class StateCollector:
    """The apps' gauges, read when Prometheus scrapes."""

    def collect(self):
        yield GaugeMetricFamily(
            "civicgrid_worker_heartbeat_age_seconds",
            "Seconds since a background worker last reported (large: no worker runs)",
            value=_heartbeat_age(),
        )
        for gauge in collect("metrics", "GAUGES"):
            family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=list(gauge.labels))
            value = gauge.value()
            if isinstance(value, dict):
                for labels, number in value.items():
                    family.add_metric(list(labels) if isinstance(labels, tuple) else [labels], number)
            else:
                family.add_metric([], value)
            yield family


def _heartbeat_age() -> float:
    from civicgrid.models import WorkerHeartbeat

    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    return (timezone.now() - latest).total_seconds() if latest else float("inf")


def exposition() -> bytes:
    """The text Prometheus reads: this process's (or, in multiprocess mode, every worker's) request metrics,
    then the state gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    state = CollectorRegistry()
    state.register(StateCollector())
    return generate_latest(requests) + generate_latest(state)


def allowed(request) -> bool:
    """With METRICS_TOKEN set, a scrape must send it as a bearer token; without, only this machine may scrape."""
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(sent.encode(), token.encode())
    return request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1")


def metrics(request):
    if not allowed(request):
        return HttpResponseForbidden("metrics: send the METRICS_TOKEN as a bearer token\n")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
