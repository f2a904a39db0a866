"""This app's entries in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.navigation import NavItem
from pledges.selectors import PAGE_ROLES

ITEMS: list = [
    NavItem(_("Practical things for residents"), "pledges:list", "bi-hand-thumbs-up", PAGE_ROLES, _("Projects")),
]
