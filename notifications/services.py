"""What other apps call to send: queue a committed event, hand it to the worker, write an inbox message."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from notifications import handoff
from notifications.models import Notification, QueuedEvent
from notifications.selectors import inbox_for


def queued(*, event) -> QueuedEvent:
    """The event's delivery order, unsaved: the caller writes it in the statement that writes the event
    (cases.rows, which fills in the event's id there), so the two commit together or not at all. After the
    commit the caller calls publish()."""
    return QueuedEvent(event=event)


def queue_events(*, event_ids: list[int]) -> None:
    """Queue events written in the caller's transaction (set-based writers like the deadline sweep) and hand
    them to the worker once it commits."""
    QueuedEvent.objects.bulk_create(QueuedEvent(event_id=pk) for pk in event_ids)
    transaction.on_commit(lambda: [handoff.put(pk) for pk in event_ids])


def publish(*, event_id: int) -> None:
    """After the commit: hand the queued event to the worker at once. If this is lost (the process dies), the
    periodic job still finds the event queued in the database."""
    handoff.put(event_id)


def inbox_message(
    *, user_ids, title: str, body: str = "", link: str = "", verb: str = "other", now: datetime | None = None
) -> int:
    """A message in the inbox of each user, from any module (a reminder, a digest). The same title to the same
    user on the same day is written once, so a job that runs twice does not say it twice. Returns rows written."""
    now = now or timezone.now()
    day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    users = set(user_ids)
    with transaction.atomic():
        told = set(
            Notification.objects.filter(user_id__in=users, title=title[:200], created_at__gte=day).values_list(
                "user_id", flat=True
            )
        )
        rows = [
            Notification(user_id=user, verb=verb, title=title[:200], body=body, link=link[:300], created_at=now)
            for user in sorted(users - told)
        ]
        Notification.objects.bulk_create(rows)
    return len(rows)


def inbox_rows(*, messages: list[tuple[int, str, str]], verb: str = "other", now: datetime) -> int:
    """Messages of different titles, (user id, title, body) each, in one statement; the caller keeps its own
    record of what it has told (a reminder's stamp), so nothing here is de-duplicated."""
    rows = [
        Notification(user_id=user, verb=verb, title=str(title)[:200], body=str(body), created_at=now)
        for user, title, body in messages
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def department_digests(*, titles: dict[int, str], verb: str, now: datetime) -> None:
    """One summary row per department in place of many rows (department id → its summary's title)."""
    Notification.objects.bulk_create(
        Notification(department_id=department, verb=verb, title=title, created_at=now)
        for department, title in titles.items()
    )


def inbox_insert_sql() -> str:
    """The head of an INSERT … SELECT for set-based writers (the deadline sweep writes one row per stamped
    stage in SQL): the SELECT gives department_id, case_id, verb, title, body, created_at."""
    return f"INSERT INTO {Notification._meta.db_table} (department_id, case_id, verb, title, body, created_at)"


def mark_all_read(*, user) -> int:
    # A department's notification is read for the whole department once someone there has read it.
    return inbox_for(user).filter(read_at__isnull=True).update(read_at=timezone.now())
