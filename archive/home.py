"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task


def overdue_in_area(user) -> int:
    from archive.selectors import overdue, visible_materials

    return visible_materials(user).filter(overdue()).count()


def mine_to_do(user) -> int:
    from archive.selectors import NOT_DONE, visible_materials

    return visible_materials(user).filter(NOT_DONE, owner=user).count()


TASKS = [
    Task(
        RoleCode.ASSESSOR,
        _("Archive materials"),
        _("The evidence each indicator requires: what is missing, overdue or waiting for review."),
        "archive:overview",
        count=overdue_in_area,
        order=35,
    ),
    # Owners are any staff: whoever has materials to supply sees them under their own role's panel.
    *[
        Task(
            role,
            _("My archive materials"),
            _("Evidence you are to supply for the assessment, with due dates."),
            "archive:materials",
            query="mine=1",
            count=mine_to_do,
            order=90,
        )
        for role in (RoleCode.HANDLER, RoleCode.PATROLLER, RoleCode.VOLUNTEER_ADMIN, RoleCode.OPERATOR)
    ],
]
