"""This app's entries in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.navigation import NavItem
from surveys.answering import DOOR_ROLES
from surveys.views import VIEW_ROLES

SECTION = _("Surveys")

ITEMS: list = [
    NavItem(_("Surveys"), "surveys:list", "bi-ui-checks", VIEW_ROLES, SECTION),
    NavItem(_("Door-to-door survey"), "surveys:door", "bi-door-open", DOOR_ROLES, SECTION),
]
