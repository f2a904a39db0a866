"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task

TASKS = [
    Task(
        RoleCode.ASSESSOR,
        _("Surveys"),
        _("Build questionnaires, print QR codes per community, read the rates."),
        "surveys:list",
        order=60,
    ),
    Task(
        RoleCode.COMMANDER, _("Survey results"), _("知晓率, 支持率 and 满意度 by community."), "surveys:list", order=60
    ),
    Task(
        RoleCode.PATROLLER,
        _("Door-to-door survey"),
        _("Fill a survey with a household on your phone."),
        "surveys:door",
        order=60,
    ),
    Task(
        RoleCode.VOLUNTEER_ADMIN,
        _("Door-to-door survey"),
        _("Fill a survey with a household on your phone."),
        "surveys:door",
        order=60,
    ),
]
