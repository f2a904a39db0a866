"""The work queues of the case desks: each is a named filter over the cases a user may see."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from cases.models import (
    INTAKE_REQUESTS,
    OPEN_STATES,
    Case,
    CaseAssignment,
    CaseRequest,
    CaseState,
    RequestKind,
    RequestStatus,
)
from cases.selectors import overdue_now, visible_cases


def _pending(kinds) -> QuerySet[CaseRequest]:
    return CaseRequest.objects.filter(case=OuterRef("pk"), status=RequestStatus.PENDING, kind__in=kinds)


@dataclass(frozen=True)
class Queue:
    key: str
    label: Promise
    roles: tuple[str, ...]

    def cases(self, user) -> QuerySet[Case]:
        qs = visible_cases(user)
        if self.key == "intake":
            # A report whose filing or voiding waits for the shift lead is in the approvals queue instead.
            return qs.filter(state=CaseState.REPORTED).exclude(Exists(_pending(INTAKE_REQUESTS)))
        if self.key == "duplicates":
            # Flagged on intake as near an open case of the same category (cases.selectors.find_duplicates).
            return qs.filter(state=CaseState.REPORTED, duplicate_of__isnull=False)
        if self.key == "dispatch":
            return qs.filter(state__in=[CaseState.FILED, CaseState.RETURNED])
        if self.key == "department":
            open_part = CaseAssignment.objects.filter(
                case=OuterRef("pk"), department_id=user.department_id, state__in=["dispatched", "accepted"]
            )
            return qs.filter(Exists(open_part), state__in=[CaseState.DISPATCHED, CaseState.IN_PROGRESS])
        if self.key == "verify":
            return qs.filter(state=CaseState.DISPOSED)
        if self.key == "close":
            return qs.filter(state=CaseState.VERIFIED)
        if self.key == "approvals":
            postpone = Exists(_pending([RequestKind.POSTPONE]))
            return qs.filter(postpone | Q(Exists(_pending(INTAKE_REQUESTS)), state=CaseState.REPORTED))
        if self.key == "supervised":
            return qs.filter(supervised=True, state__in=OPEN_STATES)
        if self.key == "overdue":
            return qs.filter(overdue_now())
        if self.key == "mine":
            return qs.filter(reporter=user)
        return qs


QUEUES = [
    Queue("intake", _("Incoming reports"), (RoleCode.OPERATOR, RoleCode.SHIFT_LEAD)),
    Queue("duplicates", _("Likely duplicates"), (RoleCode.OPERATOR, RoleCode.SHIFT_LEAD)),
    Queue("dispatch", _("Waiting for dispatch"), (RoleCode.DISPATCHER,)),
    Queue("department", _("My department's cases"), (RoleCode.HANDLER,)),
    Queue("verify", _("To verify"), (RoleCode.PATROLLER, RoleCode.OPERATOR)),
    Queue("approvals", _("Approvals waiting"), (RoleCode.SHIFT_LEAD,)),
    Queue("close", _("Cases to close"), (RoleCode.SHIFT_LEAD,)),
    Queue("overdue", _("Overdue cases"), (RoleCode.COMMANDER, RoleCode.SHIFT_LEAD, RoleCode.DISPATCHER)),
    Queue("supervised", _("Under supervision"), (RoleCode.COMMANDER, RoleCode.HANDLER)),
    Queue("mine", _("My reports"), (RoleCode.PATROLLER,)),
    Queue("all", _("All cases"), tuple(RoleCode.values)),
]
QUEUES_BY_KEY = {queue.key: queue for queue in QUEUES}


def queues_for(user) -> list[Queue]:
    return [queue for queue in QUEUES if user.has_role(*queue.roles)]


def search(
    qs: QuerySet[Case], *, q: str = "", state: str = "", source: str = "", overdue: bool = False
) -> QuerySet[Case]:
    q = q.replace("\x00", "")  # PostgreSQL refuses NUL in text parameters
    if q:
        qs = qs.filter(Q(number__startswith=q) | Q(description__icontains=q) | Q(address__icontains=q))
    if state:
        qs = qs.filter(state=state)
    if source:
        qs = qs.filter(source=source)
    if overdue:
        qs = qs.filter(overdue_now())
    return qs
