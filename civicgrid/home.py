"""What each role must do next: the panels of the home page.

Each app declares the tasks it offers in `<app>/home.py` as TASKS; this module groups them by role. A task is
always a link to a page that works for that role today: a role whose modules are not built yet has no panel.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.plugins import collect


@dataclass(frozen=True)
class Task:
    role: str
    title: Promise
    description: Promise
    url_name: str
    query: str = ""  # appended to the URL, e.g. "queue=intake"
    count: Callable | None = None  # count(user) -> int, for tasks with a queue
    order: int = 50  # place within the role's panel, lowest first


ROLE_SUMMARIES = {
    RoleCode.PATROLLER: _(
        "Patrol your grid every day, report problems with a photo, fix small ones on the spot and verify fixes."
    ),
    RoleCode.OPERATOR: _(
        "Receive reports from patrols, citizens, the hotline and apps; file or void them (or ask the shift lead to)."
    ),
    RoleCode.SHIFT_LEAD: _("Approve filing, voiding, postponement and shelving; close verified cases."),
    RoleCode.DISPATCHER: _("Send every filed case to the right department: a lead and, if needed, assisting ones."),
    RoleCode.HANDLER: _("Accept the cases sent to your department, fix them in time and report back with photos."),
    RoleCode.COMMANDER: _("See the whole subdistrict on one screen, supervise overdue and repeated problems."),
    RoleCode.ASSESSOR: _("Check places against the assessment checklist; every lost point becomes a tracked case."),
    RoleCode.VOLUNTEER_ADMIN: _("Register volunteers, organise activities and confirm service hours."),
    RoleCode.VOLUNTEER: _("Sign up for activities and see your service hours and star level."),
    RoleCode.ADMIN: _("Keep the organisation, grids, categories, calendars, users and integrations in order."),
}


def panels_for(user) -> list[dict]:
    """The panels of the roles the user holds that have at least one task, in the order of RoleCode."""
    # The roles actually held, not has_role(): a superuser passes every role check
    # but should see the panels of their own work only.
    held = user.role_codes or ({RoleCode.ADMIN.value} if user.is_superuser else set())
    tasks: list[Task] = sorted(collect("home", "TASKS"), key=lambda task: task.order)
    result = []
    for role in RoleCode:
        if role.value not in held:
            continue
        entries = []
        for task in tasks:
            if task.role != role.value:
                continue
            url = reverse(task.url_name)
            entries.append(
                {
                    "title": task.title,
                    "description": task.description,
                    "url": f"{url}?{task.query}" if task.query else url,
                    "count": task.count(user) if task.count else None,
                }
            )
        if entries:
            result.append({"role": role.label, "code": role.value, "summary": ROLE_SUMMARIES[role], "tasks": entries})
    return result
