"""What each role must do next: the panels of the home page.

A task names the page where it is done; until the module that does it exists
its `url_name` is empty and the page shows it as not yet available, so the
list is honest about what works today. Modules fill in counts as they land.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from cases.deadlines import missing_calendar_years


@dataclass(frozen=True)
class Task:
    title: Promise
    description: Promise
    url_name: str = ""
    count: Callable | None = None  # count(user) -> int, for tasks with a queue
    query: str = ""  # appended to the URL, e.g. "queue=intake"


@dataclass(frozen=True)
class RolePanel:
    role: str
    summary: Promise
    tasks: list[Task] = field(default_factory=list)


def queue_count(key: str) -> Callable:
    """A task count that is the size of a case queue (cases.queues)."""

    def count(user) -> int:
        from cases.queues import QUEUES_BY_KEY

        return QUEUES_BY_KEY[key].cases(user).count()

    return count


PANELS = [
    RolePanel(
        RoleCode.PATROLLER,
        _("Patrol your grid every day, report problems with a photo, fix small ones on the spot and verify fixes."),
        [
            Task(_("Today's patrol"), _("Start the patrol of your grid and cover it without blind spots.")),
            Task(_("Report a problem"), _("Photo, position and category: three taps from the phone."), "cases:new"),
            Task(
                _("Verification tasks"),
                _("Go and photograph fixed problems, then confirm or reject the fix."),
                "cases:list",
                count=queue_count("verify"),
                query="queue=verify",
            ),
        ],
    ),
    RolePanel(
        RoleCode.OPERATOR,
        _(
            "Receive reports from patrols, citizens, the hotline and apps; file or void them (or ask the shift lead to)."
        ),
        [
            Task(
                _("Incoming reports"),
                _("Check each report against the filing conditions; file it or void it with a reason."),
                "cases:list",
                count=queue_count("intake"),
                query="queue=intake",
            ),
            Task(_("Likely duplicates"), _("Merge reports of the same problem so every reporter follows one case.")),
        ],
    ),
    RolePanel(
        RoleCode.SHIFT_LEAD,
        _("Approve filing, voiding, postponement and shelving; close verified cases."),
        [
            Task(
                _("Approvals waiting"),
                _("Requests to file, void or postpone cases."),
                "cases:list",
                count=queue_count("approvals"),
                query="queue=approvals",
            ),
            Task(
                _("Cases to close"),
                _("Verified cases waiting for the closing decision."),
                "cases:list",
                count=queue_count("close"),
                query="queue=close",
            ),
        ],
    ),
    RolePanel(
        RoleCode.DISPATCHER,
        _("Send every filed case to the right department: a lead and, if needed, assisting ones."),
        [
            Task(
                _("Waiting for dispatch"),
                _("Filed cases with the department suggested by their category."),
                "cases:list",
                count=queue_count("dispatch"),
                query="queue=dispatch",
            ),
            Task(
                _("Returned cases"),
                _("Cases a department sent back, with its reason: redispatch them."),
                "cases:list",
                query="queue=dispatch&state=returned",
            ),
        ],
    ),
    RolePanel(
        RoleCode.HANDLER,
        _("Accept the cases sent to your department, fix them in time and report back with photos."),
        [
            Task(
                _("New cases for my department"),
                _("Accept them, or return a wrongly sent case with a reason."),
                "cases:list",
                count=queue_count("department"),
                query="queue=department",
            ),
            Task(
                _("Cases in progress"),
                _("Deadline lights show how much working time is left."),
                "cases:list",
                query="queue=department&state=in_progress",
            ),
        ],
    ),
    RolePanel(
        RoleCode.COMMANDER,
        _("See the whole subdistrict on one screen, supervise overdue and repeated problems."),
        [
            Task(_("Command screen"), _("Map, key figures and rankings of every community and department.")),
            Task(
                _("Overdue cases"),
                _("Mark them for supervision with a message to the handler."),
                "cases:list",
                count=queue_count("overdue"),
                query="queue=overdue",
            ),
            Task(
                _("Organisation"),
                _("Communities, zones and grids with their departments and staff."),
                "accounts:org_unit_list",
            ),
        ],
    ),
    RolePanel(
        RoleCode.ASSESSOR,
        _("Check places against the assessment checklist; every lost point becomes a tracked case."),
        [
            Task(
                _("Field checks"), _("Walk the checklist of a place; each failed item becomes a deduction and a case.")
            ),
            Task(_("Open deductions"), _("The points still at stake, by community.")),
            Task(_("Archive materials"), _("Documents and photos each indicator requires.")),
        ],
    ),
    RolePanel(
        RoleCode.VOLUNTEER_ADMIN,
        _("Register volunteers, organise activities and confirm service hours."),
        [
            Task(_("Activities"), _("Plan activities, take sign-ups and check volunteers in and out.")),
            Task(_("Hours to confirm"), _("Confirm service hours so they count towards star levels.")),
        ],
    ),
    RolePanel(
        RoleCode.VOLUNTEER,
        _("Sign up for activities and see your service hours and star level."),
        [
            Task(_("Open activities"), _("Activities near you that still have places.")),
            Task(_("My service hours"), _("Your confirmed hours and your star level.")),
        ],
    ),
    RolePanel(
        RoleCode.ADMIN,
        _("Keep the organisation, grids, categories, calendars, users and integrations in order."),
        [
            Task(
                _("Org units"),
                _("The tree of district, subdistrict, zones, communities and grids."),
                "accounts:org_unit_list",
            ),
            Task(
                _("Users and roles"),
                _("Create accounts, assign roles and unlock locked accounts."),
                "accounts:user_list",
            ),
            Task(_("Administration"), _("Edit reference data in the administration site."), "admin:index"),
            Task(
                _("Work calendar"),
                _("Enter next year's holidays and make-up working days when the State Council publishes them."),
                "admin:cases_calendaryear_changelist",
                count=lambda user: len(missing_calendar_years()),
            ),
        ],
    ),
]


def panels_for(user) -> list[dict]:
    """The panels of the roles the user holds, in the order of PANELS."""
    # The roles actually held, not has_role(): a superuser passes every role check
    # but should see the panels of their own work only.
    held = user.role_codes or ({RoleCode.ADMIN.value} if user.is_superuser else set())
    result = []
    for panel in PANELS:
        if panel.role not in held:
            continue
        tasks = []
        for task in panel.tasks:
            try:
                url = reverse(task.url_name) if task.url_name else ""
            except NoReverseMatch:
                url = ""
            if url and task.query:
                url = f"{url}?{task.query}"
            tasks.append(
                {
                    "title": task.title,
                    "description": task.description,
                    "url": url,
                    "count": task.count(user) if task.count and url else None,
                }
            )
        result.append(
            {"role": RoleCode(panel.role).label, "code": panel.role, "summary": panel.summary, "tasks": tasks}
        )
    return result
