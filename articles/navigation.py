"""This app's entries in the staff navigation (collected by civicgrid.plugins)."""

from django.utils.translation import gettext_lazy as _

from articles.selectors import EDITOR_ROLES
from civicgrid.navigation import NavItem

ITEMS: list = [
    NavItem(_("Culture and news"), "articles:list", "bi-newspaper", EDITOR_ROLES, _("Public site")),
]
