"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task


def open_pledges(user) -> int:
    from pledges.models import PledgeStatus
    from pledges.selectors import visible_pledges

    return visible_pledges(user).filter(status__in=[PledgeStatus.PROMISED, PledgeStatus.IN_PROGRESS]).count()


TASKS = [
    Task(
        RoleCode.ASSESSOR,
        _("Practical things for residents"),
        _("Residents' requests taken on as practical things: owners, promised dates, feedback."),
        "pledges:list",
        count=open_pledges,
        order=60,
    ),
]
