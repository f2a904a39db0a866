"""This app's entries in the staff navigation (collected by civicgrid.navigation)."""

from django.utils.translation import gettext_lazy as _

from civicgrid.navigation import NavItem
from command.views import KPI_ROLES, SCREEN_ROLES

ITEMS: list = [
    NavItem(_("Command screen"), "command:screen", "bi-display", SCREEN_ROLES, _("Command centre")),
    NavItem(_("KPIs and rankings"), "command:kpis", "bi-bar-chart-line", KPI_ROLES, _("Command centre")),
    NavItem(_("Supervision"), "command:supervision", "bi-megaphone", SCREEN_ROLES, _("Command centre")),
    NavItem(
        _("Weekly and monthly reports"),
        "command:report_list",
        "bi-file-earmark-bar-graph",
        KPI_ROLES,
        _("Command centre"),
    ),
]
