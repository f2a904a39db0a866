"""Who hears of a case event, and what they are told: the cases app's message source.

The notifications app delivers (inbox, e-mail, webhooks) in the worker after the transition committed, so a
slow mail server or a dead webhook never holds up or rolls back a transition; it asks this module what an
event says and to whom (civicgrid.plugins.MessageSource), and knows nothing of the workflow.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleCode, User
from accounts.selectors import ancestor_paths
from cases.models import Case, CaseEvent
from cases.signals import event_committed
from civicgrid.plugins import MessageSource, Outgoing
from notifications.channels import Message
from notifications.models import NotificationVerb

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


def event_document(event: CaseEvent) -> dict:
    """The structured event for integrators (generic JSON webhook and the REST feed)."""
    case = event.case
    return {
        "id": event.pk,
        "type": f"case.{event.action}",
        "time": event.created_at.isoformat(),
        "case": {
            "id": case.pk,
            "number": case.number,
            "state": case.state,
            "category": case.rules.get("category_code") if case.rules else None,
            "lng": case.lng,
            "lat": case.lat,
            "address": case.address,
            "due_at": case.due_at.isoformat() if case.due_at else None,
        },
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
        "actor": event.actor_label,
    }


def _event(event_id: int) -> CaseEvent | None:
    return (
        CaseEvent.objects.select_related("case", "case__lead_department", "case__community_grid")
        .filter(pk=event_id)
        .first()
    )


def outgoing(event_id: int) -> Outgoing | None:
    """What one event says and to whom: inbox recipients (never the actor) and the webhooks' routing."""
    event = _event(event_id)
    if event is None:
        return None
    case = event.case
    users: set[int] = set()
    departments: set[int] = set()
    verb = NotificationVerb.OTHER
    if event.action in ROUTES:
        verb, who = ROUTES[event.action]
        users, departments = recipients(case, who)
        users.discard(event.actor_id)
    title, body = describe(event)
    return Outgoing(
        event_id=event.pk,
        action=event.action,
        verb=verb,
        title=title,
        body=body,
        case_id=case.pk,
        users=frozenset(users),
        departments=frozenset(departments),
        webhook_departments=frozenset(case.assignments.values_list("department_id", flat=True)),
        webhook_org_paths=tuple(ancestor_paths(case.scope_path, include_self=True)),
    )


def webhook_message(event_id: int) -> Message | None:
    """What the event says on a webhook, built when it is sent (channel-independent)."""
    event = _event(event_id)
    if event is None:
        return None
    title, text = describe(event)
    base = getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/")
    url = f"{base}{reverse('admin:cases_case_change', args=[event.case_id])}" if base else ""
    return Message(title=title, text=text, url=url, event=event_document(event))


def delivered(event_ids: list[int]) -> None:
    """After the delivery committed: the command centre's rollups follow the events (command.rollup)."""
    for event_id in event_ids:
        event_committed.send(sender=CaseEvent, event_id=event_id)


SOURCES = (MessageSource(name="case_event", outgoing=outgoing, webhook_message=webhook_message, delivered=delivered),)
