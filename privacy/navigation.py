"""This app's entry in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.navigation import NavItem
from privacy.views import ROLES

ITEMS: list = [NavItem(_("Personal data requests"), "privacy:requests", "bi-person-lock", ROLES, _("System"))]
