"""Who hears of a case event, and what they are told. In-app inbox, e-mail and webhooks.

Runs in the background worker after the transition committed (cases.tasks.deliver_event), so a slow
mail server or a dead webhook never holds up or rolls back a transition.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleCode, User
from accounts.selectors import ancestor_paths
from cases.models import Case, CaseEvent, Notification, NotificationVerb, WebhookDelivery, WebhookEndpoint

# A new webhook delivery is sent after the commit; if it has not been by then, the periodic retry sends it.
FIRST_SEND_GRACE = timedelta(seconds=30)

# action → (verb, who): "lead" = lead department, "parts" = every department with a part,
# "dispatchers" = dispatchers whose area holds the case, "verifiers" = grid patrollers,
# "approvers" = shift leads of the area, "reporters" = the case's reporters (staff accounts).
ROUTES = {
    "dispatch": (NotificationVerb.ASSIGNED, ["parts"]),
    "redispatch": (NotificationVerb.ASSIGNED, ["parts"]),
    "return_": (NotificationVerb.RETURNED, ["dispatchers"]),
    "dispose": (NotificationVerb.DISPOSED, ["verifiers", "reporters"]),
    "verify_fail": (NotificationVerb.REWORK, ["parts"]),
    "supervise": (NotificationVerb.SUPERVISED, ["lead", "leaders"]),
    "request_postpone": (NotificationVerb.POSTPONE, ["approvers"]),
    "request_file": (NotificationVerb.OTHER, ["approvers"]),
    "request_void": (NotificationVerb.OTHER, ["approvers"]),
    "approve_postpone": (NotificationVerb.POSTPONE, ["lead"]),
    "reject_postpone": (NotificationVerb.POSTPONE, ["lead"]),
    "close": (NotificationVerb.OTHER, ["reporters"]),
    "reopen": (NotificationVerb.OTHER, ["dispatchers"]),
}


def _area_users(case: Case, role: str):
    """Holders of `role` whose org unit is the case's unit or above it."""
    ancestors = ancestor_paths(case.scope_path, include_self=True)
    return User.objects.filter(is_active=True, roles__code=role, org_unit__path__in=ancestors)


def reporters_of(case: Case) -> list[User]:
    """The reporter and the reporters of every case merged into this one: they all follow the survivor."""
    ids = {case.reporter_id} | set(case.merged_cases.values_list("reporter_id", flat=True))
    return list(User.objects.filter(pk__in=[i for i in ids if i], is_active=True))


def recipients(case: Case, who: list[str]) -> tuple[set[int], set[int]]:
    """(user ids, department ids) to tell."""
    users: set[int] = set()
    departments: set[int] = set()
    latest = case.assignments.order_by("-round").values_list("round", flat=True).first()
    if "parts" in who and latest:
        departments |= set(
            case.assignments.filter(round=latest).exclude(state="cancelled").values_list("department_id", flat=True)
        )
    if "lead" in who and case.lead_department_id:
        departments.add(case.lead_department_id)
    if "leaders" in who and case.lead_department_id:
        if case.lead_department.leader_id:
            users.add(case.lead_department.leader_id)
        users |= set(_area_users(case, RoleCode.COMMANDER).values_list("pk", flat=True))
    if "dispatchers" in who:
        users |= set(_area_users(case, RoleCode.DISPATCHER).values_list("pk", flat=True))
    if "approvers" in who:
        users |= set(_area_users(case, RoleCode.SHIFT_LEAD).values_list("pk", flat=True))
    if "verifiers" in who and case.community_grid_id:
        users |= set(
            case.community_grid.members.filter(user__isnull=False, user__is_active=True).values_list(
                "user_id", flat=True
            )
        )
    if "reporters" in who:
        users |= {user.pk for user in reporters_of(case)}
    return users, departments


def describe(event: CaseEvent) -> tuple[str, str]:
    from cases.workflow import TRANSITIONS

    case = event.case
    if event.action in TRANSITIONS:
        action = TRANSITIONS[event.action].label
    else:  # the events no person takes: the report itself, and the sweep's missed deadline
        action = _("deadline passed") if event.action == "overdue" else _("Reported")
    title = _("Case %(number)s: %(action)s") % {"number": case.number, "action": action}
    lines = [case.description[:120]]
    if case.address:
        lines.append(case.address)
    if event.note:
        lines.append(f"{event.actor_label}: {event.note[:200]}")
    if case.due_at and case.is_open:
        lines.append(_("Due %(due)s") % {"due": timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")})
    return str(title), "\n".join(lines)


def notify_event(event: CaseEvent) -> int:
    """Inbox rows and e-mails for one event; webhook deliveries are queued. Returns inbox rows written.

    Runs at least once per event (cases.delivery): a second run writes, mails and queues nothing again. The
    caller holds the event's delivery claim, so no other worker runs it for this event at the same time."""
    route = ROUTES.get(event.action)
    written = 0
    if route:
        verb, who = route
        users, departments = recipients(event.case, who)
        users.discard(event.actor_id)
        told = Notification.objects.filter(event=event).values_list("user_id", "department_id")
        users -= {user for user, _department in told if user}
        departments -= {department for _user, department in told if department}
        title, body = describe(event)
        rows = [
            Notification(user_id=u, case=event.case, event=event, verb=verb, title=title, body=body)
            for u in sorted(users)
        ]
        rows += [
            Notification(department_id=d, case=event.case, event=event, verb=verb, title=title, body=body)
            for d in sorted(departments)
        ]
        # The unique constraints per (event, recipient) are the last guard; the claim keeps them from firing.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        written = len(rows)
        # E-mail goes to those whose inbox row this run wrote, once it is committed: never twice for one event.
        emails = list(User.objects.filter(pk__in=users).exclude(email="").values_list("email", flat=True))
        if emails and settings.EMAIL_NOTIFICATIONS:
            transaction.on_commit(lambda: send_mail(title, body, None, emails, fail_silently=True))
    queue_webhooks(event)
    return written


def endpoints_for(event: CaseEvent):
    case = event.case
    ancestors = ancestor_paths(case.scope_path, include_self=True)
    departments = set(case.assignments.values_list("department_id", flat=True))
    return WebhookEndpoint.objects.filter(is_active=True).filter(
        Q(department_id__in=departments)
        | Q(org_unit__path__in=ancestors)
        | Q(department__isnull=True, org_unit__isnull=True)
    )


def queue_webhooks(event: CaseEvent) -> list[int]:
    created = []
    for endpoint in endpoints_for(event):
        if endpoint.actions and event.action not in endpoint.actions:
            continue
        # Due a little later for the periodic retry (cases.tasks.retry_webhooks): sent at once after the
        # commit, unless the worker stops before it can, and then not lost.
        delivery, made = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint, event=event, defaults={"next_attempt_at": timezone.now() + FIRST_SEND_GRACE}
        )
        if made:
            created.append(delivery.pk)
    if created:
        from cases.tasks import send_webhook

        for pk in created:
            transaction.on_commit(lambda pk=pk: send_webhook(pk))
    return created
