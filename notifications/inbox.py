"""Inbox rows and e-mail for one delivered event, once per recipient however often delivery runs."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from accounts.models import User
from civicgrid.plugins import Outgoing
from notifications.models import Notification


def write_inbox(outgoing: Outgoing) -> int:
    """Inbox rows and e-mails for one event. Returns inbox rows written.

    Runs at least once per event (notifications.queue): a second run writes and mails nothing again. The
    caller holds the event's delivery claim, so no other worker runs it for this event at the same time."""
    users, departments = set(outgoing.users), set(outgoing.departments)
    if not users and not departments:
        return 0
    told = Notification.objects.filter(event_id=outgoing.event_id).values_list("user_id", "department_id")
    users -= {user for user, _department in told if user}
    departments -= {department for _user, department in told if department}
    common = {
        "case_id": outgoing.case_id,
        "event_id": outgoing.event_id,
        "verb": outgoing.verb,
        "title": outgoing.title,
        "body": outgoing.body,
    }
    rows = [Notification(user_id=u, **common) for u in sorted(users)]
    rows += [Notification(department_id=d, **common) for d in sorted(departments)]
    # The unique constraints per (event, recipient) are the last guard; the claim keeps them from firing.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # E-mail goes to those whose inbox row this run wrote, once it is committed: never twice for one event.
    emails = list(User.objects.filter(pk__in=users).exclude(email="").values_list("email", flat=True))
    if emails and settings.EMAIL_NOTIFICATIONS:
        title, body = outgoing.title, outgoing.body
        transaction.on_commit(lambda: send_mail(title, body, None, emails, fail_silently=True))
    return len(rows)
