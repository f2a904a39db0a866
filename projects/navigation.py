"""This app's entries in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.navigation import NavItem
from projects.selectors import PAGE_ROLES

SECTION = _("Projects")

ITEMS: list = [
    NavItem(_("Projects"), "projects:list", "bi-building-gear", PAGE_ROLES, SECTION),
    NavItem(_("Map of projects"), "projects:map", "bi-map", PAGE_ROLES, SECTION),
    NavItem(_("Task forces"), "projects:task_forces", "bi-people", PAGE_ROLES, SECTION),
]
