"""This app's entries in the staff navigation (collected by civicgrid.navigation)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.navigation import STAFF_ROLES, NavItem

SECTION = _("Patrols")

ITEMS: list = [
    NavItem(_("Patrol coverage"), "patrols:coverage", "bi-geo-alt", STAFF_ROLES, SECTION),
    NavItem(_("Patrol records"), "patrols:sessions", "bi-signpost-split", STAFF_ROLES, SECTION),
    NavItem(_("Teams and rosters"), "patrols:teams", "bi-people-fill", STAFF_ROLES, SECTION),
    NavItem(_("Patrol statistics"), "patrols:stats", "bi-bar-chart", STAFF_ROLES, SECTION),
    NavItem(_("Start a patrol"), "patrols:mobile", "bi-phone-vibrate", (RoleCode.PATROLLER,), SECTION),
]
