"""Committed events reach the worker queue in batches (notifications.handoff), and the worker delivers every one."""

import time

import pytest
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from cases.models import CaseEvent
from cases.services import transition
from notifications import handoff, tasks
from notifications.models import Notification


@pytest.fixture
def queue(monkeypatch):
    """A real Huey queue in memory, as the app uses one when a worker runs (not immediate mode)."""
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", MemoryStorage(HUEY.name))
    yield HUEY
    handoff.flush()


def _queued_ids(huey) -> list[int]:
    return [event_id for task in huey.pending() for event_id in task.args[0]]


def test_waiting_events_go_as_one_task(queue, monkeypatch):
    monkeypatch.setattr(handoff, "_queue", handoff.queue.SimpleQueue())  # not the sender thread's, if one runs
    for event_id in (3, 1, 2):
        handoff._queue.put(event_id)
    handoff.flush()
    tasks = queue.pending()
    assert [task.name for task in tasks] == ["deliver_events"]
    assert tasks[0].args == ([3, 1, 2],)


def test_a_transition_is_queued_after_commit_and_the_worker_delivers_it(
    world, queue, django_capture_on_commit_callbacks
):
    case = world.filed_case()
    with django_capture_on_commit_callbacks(execute=True):
        case = transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw, assists=[world.sz])
    dispatch = CaseEvent.objects.get(case=case, action="dispatch")
    deadline = time.monotonic() + 5
    while dispatch.pk not in _queued_ids(queue) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert dispatch.pk in _queued_ids(queue)
    for task in queue.pending():
        # What the worker runs (without closing the connection after it, which would end the test's transaction).
        getattr(tasks, task.name).call_local(*task.args)
    departments = set(
        Notification.objects.filter(case=case, verb="assigned").values_list("department__code", flat=True)
    )
    assert departments == {"DEP-HW", "DEP-SZ"}
