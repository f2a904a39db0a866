"""This app's entries in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from archive.selectors import READ_ROLES
from civicgrid.navigation import STAFF_ROLES, NavItem

SECTION = _("Assessment")

ITEMS: list = [
    NavItem(_("Archive completeness"), "archive:overview", "bi-archive", READ_ROLES, SECTION),
    NavItem(_("Archive materials"), "archive:materials", "bi-folder2-open", STAFF_ROLES, SECTION),
]
