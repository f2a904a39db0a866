"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task

TASKS = [
    Task(
        RoleCode.PATROLLER,
        _("Today's patrol"),
        _("Start the patrol of your grid and cover it without blind spots."),
        "patrols:mobile",
        order=10,
    ),
]
