"""This app's entries in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from assessment.views import CHECK_ROLES, VIEW_ROLES
from civicgrid.navigation import NavItem

SECTION = _("Assessment")

ITEMS: list = [
    NavItem(_("Points at stake"), "assessment:score", "bi-bullseye", VIEW_ROLES, SECTION),
    NavItem(_("Problem-oriented supervision"), "assessment:supervision", "bi-megaphone", VIEW_ROLES, SECTION),
    NavItem(_("Dust and air"), "assessment:dust", "bi-cloud-haze2", VIEW_ROLES, SECTION),
    NavItem(_("Campaign actions"), "assessment:actions", "bi-flag", VIEW_ROLES, SECTION),
    NavItem(_("Check sites"), "assessment:sites", "bi-pin-map", VIEW_ROLES, SECTION),
    NavItem(_("Field check"), "assessment:mobile", "bi-clipboard-check", CHECK_ROLES, SECTION),
    NavItem(_("Schemes and checklists"), "assessment:schemes", "bi-list-check", VIEW_ROLES, SECTION),
]
