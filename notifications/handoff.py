"""The fast hand-off of committed events to the worker, in batches.

The database is the queue (notifications.queue): every event is committed with its QueuedEvent row, and a
periodic job delivers what is still queued after a few seconds. This module only makes delivery prompt.
One queued task per event cost a Redis round trip and a pickled message on every transition: a fifth of a
transition's CPU at the 500/s of issue 5. After commit, transition() puts the event id here; a thread of the
app process sends what has gathered within 50 ms as one task (notifications.tasks.deliver_events).

In immediate mode (tests, an install without a worker) the event is delivered at once, in the caller.
A process killed between the commit and the send loses only the promptness: the periodic job
(notifications.tasks.deliver_leftover_events) delivers those events within a minute or so.
"""

import atexit
import logging
import os
import queue
import threading
import time

logger = logging.getLogger(__name__)

BATCH_WINDOW = 0.05  # seconds to wait for more events after the first (the worker polls every second anyway)
MAX_BATCH = 500

_queue: queue.SimpleQueue = queue.SimpleQueue()
_lock = threading.Lock()
_sender_pid: int | None = None


def put(event_id: int) -> None:
    from huey.contrib.djhuey import HUEY

    from notifications.tasks import deliver_event

    if HUEY.immediate:
        deliver_event(event_id)
        return
    _queue.put(event_id)
    if _sender_pid != os.getpid():
        _start_sender()


def _start_sender() -> None:
    global _sender_pid
    with _lock:
        if _sender_pid != os.getpid():
            threading.Thread(target=_run, name="event-handoff", daemon=True).start()
            _sender_pid = os.getpid()


def _after_fork() -> None:
    # A forked child has no sender thread and must not send what its parent still holds.
    global _queue, _lock, _sender_pid
    _queue, _lock, _sender_pid = queue.SimpleQueue(), threading.Lock(), None


os.register_at_fork(after_in_child=_after_fork)


def _drain(ids: list[int]) -> list[int]:
    while len(ids) < MAX_BATCH:
        try:
            ids.append(_queue.get_nowait())
        except queue.Empty:
            break
    return ids


def _run() -> None:
    while True:
        first = _queue.get()
        time.sleep(BATCH_WINDOW)
        _send(_drain([first]))


def _send(ids: list[int]) -> None:
    from notifications.tasks import deliver_events

    try:
        deliver_events(ids)
    except Exception:
        # The queue (Redis) is unreachable: the events wait in the database for the periodic job.
        logger.exception("could not queue %d events for prompt delivery; the periodic job will", len(ids))


def flush() -> None:
    """Send what is waiting now (at process exit)."""
    ids = _drain([])
    if ids:
        from notifications.tasks import deliver_events

        try:
            deliver_events(ids)
        except Exception:
            logger.exception("could not queue %d events for delivery at exit", len(ids))


atexit.register(flush)
