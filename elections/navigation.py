"""This app's entries in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.navigation import NavItem
from elections.selectors import VIEW_ROLES

ITEMS: list = [
    NavItem(_("Good-people elections"), "elections:campaigns", "bi-award", VIEW_ROLES, _("Civilization campaign")),
]
