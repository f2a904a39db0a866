"""The database is the delivery queue: an event committed without its hand-off to the worker is still delivered,
and delivering an event again changes nothing (notifications.queue)."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import close_old_connections
from django.utils import timezone

from cases.models import CaseEvent
from cases.services import transition
from cases.tests.conftest import World
from notifications import handoff
from notifications import queue as delivery
from notifications.models import Notification, QueuedEvent, WebhookDelivery, WebhookEndpoint
from notifications.tasks import deliver_leftover_events


def dispatch(world, django_capture_on_commit_callbacks):
    case = world.filed_case()
    with django_capture_on_commit_callbacks(execute=True):
        transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw, assists=[world.sz])
    return CaseEvent.objects.get(case=case, action="dispatch")


def lose_the_hand_off(monkeypatch):
    """As if the web process died right after the commit: no task ever reaches the worker."""
    monkeypatch.setattr(handoff, "put", lambda event_id: None)


def test_an_event_is_committed_with_its_delivery_order(world):
    case = world.filed_case()
    transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    event = CaseEvent.objects.get(case=case, action="dispatch")
    assert QueuedEvent.objects.filter(event=event).exists()


def test_a_delivered_event_leaves_the_queue(world, django_capture_on_commit_callbacks):
    event = dispatch(world, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(event=event).exists()
    assert not QueuedEvent.objects.filter(event=event).exists()


def test_an_event_whose_hand_off_was_lost_is_delivered_by_the_periodic_job(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    lose_the_hand_off(monkeypatch)
    event = dispatch(world, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(event=event).exists()
    with time_machine.travel(timezone.now() + delivery.SETTLE + timedelta(seconds=1)):
        assert deliver_leftover_events.call_local() >= 1
    departments = set(Notification.objects.filter(event=event).values_list("department__code", flat=True))
    assert departments == {"DEP-HW", "DEP-SZ"}
    assert not QueuedEvent.objects.filter(event=event).exists()


def test_the_periodic_job_leaves_a_fresh_event_to_the_fast_path(world, monkeypatch, django_capture_on_commit_callbacks):
    lose_the_hand_off(monkeypatch)
    event = dispatch(world, django_capture_on_commit_callbacks)
    deliver_leftover_events.call_local()
    assert QueuedEvent.objects.filter(event=event).exists()


def test_delivering_an_event_twice_tells_each_recipient_once_and_queues_one_webhook(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="区平台", channel="generic", url="http://127.0.0.1:9/hook", secret="k")
    monkeypatch.setattr("notifications.tasks.send_webhook", lambda pk: None)  # queued, not sent: this test counts rows
    lose_the_hand_off(monkeypatch)
    event = dispatch(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        delivery.deliver_one(event.pk)
        delivery.deliver_one(event.pk)
    assert Notification.objects.filter(event=event).count() == 2  # the lead and the assisting department
    assert WebhookDelivery.objects.filter(event=event).count() == 1


def test_an_event_that_cannot_be_delivered_stays_queued_and_holds_up_no_other(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    lose_the_hand_off(monkeypatch)
    broken = dispatch(world, django_capture_on_commit_callbacks)
    fine = dispatch(world, django_capture_on_commit_callbacks)
    real = delivery.write_inbox

    def notify(outgoing):
        if outgoing.event_id == broken.pk:
            raise RuntimeError("a bug in one event's recipients")
        return real(outgoing)

    monkeypatch.setattr(delivery, "write_inbox", notify)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.deliver_pending(event_ids=[broken.pk, fine.pk]) == 1
    assert QueuedEvent.objects.filter(event=broken).exists()
    assert not QueuedEvent.objects.filter(event=fine).exists()
    assert Notification.objects.filter(event=fine).exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_at_once_never_deliver_one_event_twice(monkeypatch):
    world = World()
    monkeypatch.setattr(handoff, "put", lambda event_id: None)
    cases = [world.filed_case() for _ in range(12)]
    for case in cases:
        transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    queued = QueuedEvent.objects.count()
    real, seen, lock = delivery.write_inbox, [], threading.Lock()

    def slow_notify(outgoing):
        with lock:
            seen.append(outgoing.event_id)
        time.sleep(0.005)  # widen the window in which the other worker looks for work
        return real(outgoing)

    monkeypatch.setattr(delivery, "write_inbox", slow_notify)
    start, counts = threading.Barrier(2), []

    def worker():
        try:
            start.wait()
            counts.append(delivery.deliver_pending())
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == queued and len(seen) == len(set(seen)) == queued
    assert not QueuedEvent.objects.exists()


def test_delivering_an_event_twice_sends_each_recipient_one_e_mail(
    world, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_NOTIFICATIONS = True
    world.dispatcher.email = "paiqian@example.cn"
    world.dispatcher.save(update_fields=["email"])
    lose_the_hand_off(monkeypatch)
    case = transition(case=world.filed_case(), action="dispatch", actor=world.dispatcher, department=world.hw)
    with django_capture_on_commit_callbacks(execute=True):
        transition(case=case, action="return_", actor=world.handler, reason="派错了")
    event = CaseEvent.objects.get(case=case, action="return_")
    with django_capture_on_commit_callbacks(execute=True):
        delivery.deliver_one(event.pk)
        delivery.deliver_one(event.pk)
    assert [message.to for message in mailoutbox] == [["paiqian@example.cn"]]
