"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task


def nominations_to_review(user) -> int:
    from elections.models import Stage
    from elections.selectors import visible_nominations

    return visible_nominations(user).filter(stage__in=(Stage.COMMUNITY, Stage.SUBDISTRICT)).count()


TASKS = [
    Task(
        RoleCode.ASSESSOR,
        _("Good-people nominations"),
        _("Review the good-people nominations and watch the vote for ballot stuffing."),
        "elections:campaigns",
        count=nominations_to_review,
        order=60,
    ),
]
