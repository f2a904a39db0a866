import pytest
from django.test import Client

from notifications.models import QueuedEvent

pytestmark = pytest.mark.django_db


def scrape(client=None, **headers):
    return (client or Client()).get("/metrics", **headers)


def value_of(text: str, name: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith((name + " ", name + "{")))
    return float(line.rsplit(" ", 1)[1])


def test_requests_are_timed_by_view():
    Client().get("/healthz")
    text = scrape().text
    assert 'civicgrid_request_seconds_count{method="GET",status="2xx",view="healthz"}' in text


def test_an_unknown_address_is_one_label_not_one_per_url():
    Client().get("/no-such-page-123")
    Client().get("/no-such-page-456")
    text = scrape().text
    assert "no-such-page" not in text
    assert 'view="unresolved"' in text


def test_the_state_gauges_are_read_from_the_database(django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        text = scrape().text
    for name in (
        "civicgrid_event_queue_depth",
        "civicgrid_overdue_cases",
        "civicgrid_rollup_lag_events",
        "civicgrid_worker_heartbeat_age_seconds",
    ):
        assert name in text
    assert 'civicgrid_webhook_deliveries{status="failed"} 0.0' in text


def test_the_queue_depth_follows_the_queue():
    from cases.tests.conftest import World

    world = World()
    before = value_of(scrape().text, "civicgrid_event_queue_depth")
    # In a test transaction nothing commits, so the two events (report, file) stay queued for delivery.
    world.filed_case()
    assert value_of(scrape().text, "civicgrid_event_queue_depth") == before + 2 == QueuedEvent.objects.count()


def test_another_machine_needs_the_token(settings):
    settings.METRICS_TOKEN = ""
    assert scrape(REMOTE_ADDR="10.1.2.3").status_code == 403
    settings.METRICS_TOKEN = "s3cret"
    assert scrape(REMOTE_ADDR="10.1.2.3").status_code == 403
    assert scrape(REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert scrape(REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer s3cret").status_code == 200
