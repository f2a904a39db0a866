"""A webhook delivery is claimed by the worker sending it: a lost first send is made up by the periodic retry,
and two workers never send one delivery twice (notifications.webhooks)."""

import json
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from cases.models import CaseEvent
from cases.services import transition
from cases.tests.conftest import World
from notifications.channels import DeliveryResult
from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.tasks import retry_webhooks
from notifications.webhooks import attempt_webhook

OK = DeliveryResult(ok=True, status_code=200, error="", retryable=False, response_excerpt="ok")


class Receiver:
    """Stands in for the network: records what each send carried."""

    def __init__(self, pause: float = 0):
        self.sent, self.pause, self.lock = [], pause, threading.Lock()

    def __call__(self, request, **kwargs):
        time.sleep(self.pause)
        with self.lock:
            self.sent.append((request.url, json.loads(request.body)["id"]))
        return OK


def endpoint(name="区平台", url="http://127.0.0.1:9/hook"):
    return WebhookEndpoint.objects.create(name=name, channel="generic", url=url, secret="k")


def test_a_delivery_whose_first_send_was_lost_is_sent_by_the_periodic_retry(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    endpoint()
    monkeypatch.setattr("notifications.tasks.send_webhook", lambda pk: None)  # the worker stopped before sending
    receiver = Receiver()
    monkeypatch.setattr("notifications.webhooks.deliver", receiver)
    case = world.filed_case()
    with django_capture_on_commit_callbacks(execute=True):
        transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    assert retry_webhooks.call_local() == 0  # the send after commit still has its chance
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert retry_webhooks.call_local() == 1
    assert WebhookDelivery.objects.get().status == "sent" and len(receiver.sent) == 1


def test_a_delivery_another_worker_is_sending_is_not_sent_again(world, monkeypatch):
    receiver = Receiver()
    monkeypatch.setattr("notifications.webhooks.deliver", receiver)
    event = CaseEvent.objects.get(case=world.filed_case(), action="file")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint(), event=event, claimed_until=timezone.now() + timedelta(minutes=1)
    )
    attempt_webhook(delivery.pk)
    delivery.refresh_from_db()
    assert receiver.sent == [] and delivery.status == "pending"


def test_a_claim_left_by_a_stopped_worker_runs_out(world, monkeypatch):
    receiver = Receiver()
    monkeypatch.setattr("notifications.webhooks.deliver", receiver)
    event = CaseEvent.objects.get(case=world.filed_case(), action="file")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint(), event=event, next_attempt_at=timezone.now(), claimed_until=timezone.now()
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        assert retry_webhooks.call_local() == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.claimed_until is None


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_retrying_at_once_send_each_delivery_once(monkeypatch):
    world = World()
    receiver = Receiver(pause=0.01)
    monkeypatch.setattr("notifications.webhooks.deliver", receiver)
    events = [CaseEvent.objects.get(case=world.filed_case(), action="file") for _ in range(15)]
    endpoints = [endpoint("甲", "http://127.0.0.1:9/a"), endpoint("乙", "http://127.0.0.1:9/b")]
    due = timezone.now() - timedelta(seconds=1)
    for event in events:
        for hook in endpoints:
            WebhookDelivery.objects.create(endpoint=hook, event=event, next_attempt_at=due)
    start, counts = threading.Barrier(2), []

    def worker():
        try:
            start.wait()
            counts.append(retry_webhooks.call_local())
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == 30 and len(receiver.sent) == len(set(receiver.sent)) == 30
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"sent"}
