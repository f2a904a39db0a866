"""This app's tasks on the home page (collected by civicgrid.home)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.home import Task

TASKS = [
    Task(
        RoleCode.COMMANDER,
        _("Organisation"),
        _("Communities, zones and grids with their departments and staff."),
        "accounts:org_unit_list",
        order=90,
    ),
    Task(
        RoleCode.ADMIN,
        _("Org units"),
        _("The tree of district, subdistrict, zones, communities and grids."),
        "accounts:org_unit_list",
        order=10,
    ),
    Task(
        RoleCode.ADMIN,
        _("Users and roles"),
        _("Create accounts, assign roles and unlock locked accounts."),
        "accounts:user_list",
        order=20,
    ),
    Task(
        RoleCode.ADMIN,
        _("Administration"),
        _("Edit reference data in the administration site."),
        "admin:index",
        order=90,
    ),
]
