"""This app's entries in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.navigation import NavItem
from volunteers.selectors import MANAGE_ROLES, VIEW_ROLES

SECTION = _("Volunteer service")


class OwnPage(NavItem):
    """A volunteer's own page: for users who hold the volunteer role, not for a superuser who passes every role
    check but is no volunteer (he would be sent to the phone sign-in)."""

    def visible_to(self, user) -> bool:
        return RoleCode.VOLUNTEER in user.role_codes


ITEMS: list = [
    NavItem(_("Registration and participation rates"), "volunteers:rates", "bi-people", VIEW_ROLES, SECTION),
    NavItem(_("Volunteers"), "volunteers:list", "bi-person-vcard", VIEW_ROLES, SECTION),
    NavItem(_("Volunteer teams"), "volunteers:teams", "bi-people-fill", VIEW_ROLES, SECTION),
    NavItem(_("Volunteer activities"), "volunteers:activities", "bi-calendar-heart", VIEW_ROLES, SECTION),
    NavItem(_("Volunteer service statistics"), "volunteers:stats", "bi-bar-chart", VIEW_ROLES, SECTION),
    NavItem(_("Import volunteers"), "volunteers:import", "bi-file-earmark-arrow-up", MANAGE_ROLES, SECTION),
    OwnPage(_("My volunteer service"), "volunteers:me", "bi-heart", (RoleCode.VOLUNTEER,), SECTION),
]
