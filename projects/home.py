"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task


def late_milestones(user) -> int:
    from projects.selectors import late_milestones as late
    from projects.selectors import visible_projects

    return late(path="").filter(project__in=visible_projects(user)).count()


TASKS = [
    Task(
        RoleCode.COMMANDER,
        _("Late project milestones"),
        _("Renovation and key projects whose milestones are past their planned end."),
        "projects:late",
        count=late_milestones,
        order=60,
    ),
]
