"""The KPI rollups' lag on /metrics (civicgrid.metrics)."""

from civicgrid.plugins import MetricGauge
from command import rollup

GAUGES = [
    MetricGauge(
        "civicgrid_rollup_lag_events",
        "Case events the KPI rollups have not applied yet",
        lambda: rollup.lag()["pending"],
    ),
]
