"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task


def awaiting_confirmation(user) -> int:
    from volunteers.models import RecordStatus
    from volunteers.selectors import visible_records

    return visible_records(user).filter(status=RecordStatus.PENDING).count()


TASKS = [
    Task(
        RoleCode.VOLUNTEER_ADMIN,
        _("Volunteer activities"),
        _("Publish activities, show the check-in code at the place, confirm the volunteers' hours."),
        "volunteers:activities",
        count=awaiting_confirmation,
        order=10,
    ),
    Task(
        RoleCode.VOLUNTEER_ADMIN,
        _("Registration and participation rates"),
        _("Communities below target and volunteers to invite back."),
        "volunteers:rates",
        order=20,
    ),
    Task(
        RoleCode.VOLUNTEER,
        _("My volunteer service"),
        _("Sign up for activities, check in and out, see your hours and stars."),
        "volunteers:me",
        order=10,
    ),
]
