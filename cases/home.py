"""This app's tasks on the home page (collected by civicgrid.home)."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode as R
from civicgrid.home import Task


def queue_count(key: str) -> Callable:
    """A task count that is the size of a case queue (cases.queues)."""

    def count(user) -> int:
        from cases.queues import QUEUES_BY_KEY

        return QUEUES_BY_KEY[key].cases(user).count()

    return count


def missing_years(user) -> int:
    from cases.deadlines import missing_calendar_years

    return len(missing_calendar_years())


def _queue(role, title, description, key, *, order=50, count=True, query="") -> Task:
    return Task(
        role,
        title,
        description,
        "cases:list",
        query=query or f"queue={key}",
        count=queue_count(key) if count else None,
        order=order,
    )


TASKS = [
    Task(
        R.PATROLLER,
        _("Report a problem"),
        _("Photo, position and category: three taps from the phone."),
        "cases:mobile_report",
        order=20,
    ),
    _queue(
        R.PATROLLER,
        _("Verification tasks"),
        _("Go and photograph fixed problems, then confirm or reject the fix."),
        "verify",
        order=30,
    ),
    _queue(
        R.OPERATOR,
        _("Incoming reports"),
        _("Check each report against the filing conditions; file it or void it with a reason."),
        "intake",
    ),
    _queue(
        R.OPERATOR,
        _("Likely duplicates"),
        _("Merge reports of the same problem so every reporter follows one case."),
        "duplicates",
    ),
    _queue(R.SHIFT_LEAD, _("Approvals waiting"), _("Requests to file, void or postpone cases."), "approvals"),
    _queue(R.SHIFT_LEAD, _("Cases to close"), _("Verified cases waiting for the closing decision."), "close"),
    _queue(
        R.DISPATCHER,
        _("Waiting for dispatch"),
        _("Filed cases with the department suggested by their category."),
        "dispatch",
    ),
    _queue(
        R.DISPATCHER,
        _("Returned cases"),
        _("Cases a department sent back, with its reason: redispatch them."),
        "dispatch",
        count=False,
        query="queue=dispatch&state=returned",
    ),
    _queue(
        R.HANDLER,
        _("New cases for my department"),
        _("Accept them, or return a wrongly sent case with a reason."),
        "department",
    ),
    _queue(
        R.HANDLER,
        _("Cases in progress"),
        _("Deadline lights show how much working time is left."),
        "department",
        count=False,
        query="queue=department&state=in_progress",
    ),
    _queue(
        R.COMMANDER,
        _("Overdue cases"),
        _("Mark them for supervision with a message to the handler."),
        "overdue",
        order=20,
    ),
    Task(
        R.ADMIN,
        _("Work calendar"),
        _("Enter next year's holidays and make-up working days when the State Council publishes them."),
        "admin:cases_calendaryear_changelist",
        count=missing_years,
        order=80,
    ),
]
