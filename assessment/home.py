"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task


def open_deductions(user) -> int:
    from assessment.selectors import DEDUCTION_OPEN, visible_deductions

    return visible_deductions(user).filter(DEDUCTION_OPEN).count()


TASKS = [
    Task(
        RoleCode.ASSESSOR,
        _("Field checks"),
        _("Walk the checklist of a place; each failed item becomes a deduction and a case."),
        "assessment:mobile",
        order=10,
    ),
    Task(
        RoleCode.ASSESSOR,
        _("Open deductions"),
        _("The points still at stake, by community."),
        "assessment:score",
        count=open_deductions,
        order=20,
    ),
    Task(
        RoleCode.ASSESSOR,
        _("Check sites"),
        _("The places assessors visit, with their history."),
        "assessment:sites",
        order=30,
    ),
    Task(
        RoleCode.COMMANDER,
        _("Points at stake"),
        _("Open deductions and the expected loss if assessors came today."),
        "assessment:score",
        order=40,
    ),
]
