"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task

TASKS = [
    Task(
        RoleCode.COMMANDER,
        _("Command screen"),
        _("Map, key figures and rankings of every community and department."),
        "command:screen",
        order=10,
    ),
    Task(
        RoleCode.COMMANDER,
        _("KPIs and rankings"),
        _("Composite scores, grades and red/black lists; every figure opens its cases."),
        "command:kpis",
        order=30,
    ),
]
