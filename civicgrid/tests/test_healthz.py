from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid import tasks
from civicgrid.models import WorkerHeartbeat


@pytest.fixture
def real_worker_mode(settings):
    # Tests run tasks inline; /healthz must judge a real worker by its heartbeat.
    settings.HUEY_IMMEDIATE = False


def test_healthz_is_503_without_worker(client, db, real_worker_mode):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": False, "error": "no heartbeat"}


def test_healthz_is_200_with_fresh_heartbeat(client, db, real_worker_mode):
    tasks.worker_heartbeat()  # what the worker runs every minute
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["worker"]["workers"] == 1


def test_healthz_is_503_with_stale_heartbeat(client, db, real_worker_mode):
    tasks.record_heartbeat()
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["age_seconds"] >= 600


def test_heartbeat_updates_one_row_per_worker(db):
    tasks.record_heartbeat()
    tasks.record_heartbeat()
    assert WorkerHeartbeat.objects.count() == 1


def test_healthz_needs_no_login_and_is_not_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200  # immediate mode: no worker needed
    assert "no-cache" in response["Cache-Control"]
