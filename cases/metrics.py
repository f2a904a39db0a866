"""The case engine's figures on /metrics (civicgrid.metrics): read at each scrape, one indexed query each."""

from cases.models import Case
from cases.selectors import overdue_now
from civicgrid.plugins import MetricGauge


def overdue_cases() -> int:
    return Case.objects.filter(overdue_now()).count()


GAUGES = [
    MetricGauge("civicgrid_overdue_cases", "Open cases past their current deadline", overdue_cases),
]
