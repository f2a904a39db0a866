"""Delivery of committed events: the inbox, e-mail, webhooks and what the source does after (the KPI
rollups). One entry point, deliver_pending(); the database is the queue.

Every event that has effects is written with a QueuedEvent row in the same statement (services.queued, used
by cases.rows and the sweep), so it is either committed together with its delivery order or not at all.
After the commit the event's id goes to the worker at once (services.publish → handoff, the fast path); a
periodic job (tasks.deliver_leftover_events) delivers whatever is still queued a few seconds later, so a
process killed between the commit and the hand-off, or a worker killed mid-delivery, loses nothing.

A worker claims rows before it delivers them: `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so two
workers take different rows and neither waits; on SQLite the IMMEDIATE transaction (settings) already
serialises writers. The row is deleted in the transaction that wrote the effects. Delivery is therefore at
least once (a worker dying after the effects but before its commit leaves them rolled back, not half done),
and every effect is idempotent per event: an inbox row once per (event, recipient), a webhook delivery once
per (event, endpoint), an e-mail to the recipients whose inbox row this delivery created (notifications.inbox).
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from notifications.inbox import write_inbox
from notifications.models import QueuedEvent
from notifications.sources import queued_source
from notifications.webhooks import queue_webhooks

logger = logging.getLogger(__name__)

BATCH = 200
# The fast path normally delivers within a second; the periodic job leaves it this long before stepping in.
SETTLE = timedelta(seconds=10)


def deliver_pending(*, event_ids: list[int] | None = None, settled_before=None) -> int:
    """Deliver queued events: these ids (the fast path), or every one queued before `settled_before` (the
    periodic job), in batches, oldest first. Events another worker holds are skipped, not waited for.
    Returns how many were delivered."""
    delivered = 0
    while True:
        done = _deliver_batch(event_ids=event_ids, settled_before=settled_before)
        delivered += len(done)
        if event_ids is not None or len(done) < BATCH:
            return delivered


def _deliver_batch(*, event_ids, settled_before) -> list[int]:
    with transaction.atomic():
        claimed = _claim(event_ids=event_ids, settled_before=settled_before)
        done = []
        for entry_id, event_id in claimed:
            try:
                with transaction.atomic():
                    deliver_one(event_id)
            except Exception:
                # One broken event must not hold up the others: it stays queued and is tried again later.
                logger.exception("could not deliver event %s; it stays queued", event_id)
                continue
            done.append((entry_id, event_id))
        QueuedEvent.objects.filter(pk__in=[entry_id for entry_id, _ in done]).delete()
        ids = [event_id for _, event_id in done]
        if ids:
            # The rollups take their own lock and follow the event table; told after the commit, they never
            # hold this batch's claim (and a missed call is caught up by their own periodic job).
            transaction.on_commit(lambda: queued_source().delivered(ids))
    if claimed and not done:
        return []  # nothing here could be delivered now: stop rather than claim the same rows again
    return [event_id for _, event_id in done]


def _claim(*, event_ids, settled_before) -> list[tuple[int, int]]:
    rows = QueuedEvent.objects.order_by("pk")
    if event_ids is not None:
        rows = rows.filter(event_id__in=event_ids)
    if settled_before is not None:
        rows = rows.filter(queued_at__lte=settled_before)
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)
    return list(rows.values_list("pk", "event_id")[:BATCH])


def deliver_one(event_id: int) -> None:
    """The effects of one event. Safe to run again for the same event: nothing happens twice."""
    outgoing = queued_source().outgoing(event_id)
    if outgoing is not None:
        write_inbox(outgoing)
        queue_webhooks(outgoing)


def deliver_leftovers(now=None) -> int:
    """What the fast path left: every event queued more than SETTLE ago."""
    return deliver_pending(settled_before=(now or timezone.now()) - SETTLE)
