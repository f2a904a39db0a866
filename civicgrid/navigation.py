"""The staff navigation: one list, each entry naming the roles that see it.

The core pages are listed here; every other app declares its entries in `<app>/navigation.py` as ITEMS,
collected by civicgrid.plugins. An entry without roles is for every staff user.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode
from civicgrid.plugins import collect

STAFF_ROLES = tuple(code for code in RoleCode.values if code != RoleCode.VOLUNTEER)


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    icon: str
    roles: tuple[str, ...] | None = None
    section: Promise | None = None

    def visible_to(self, user) -> bool:
        return self.roles is None or user.has_role(*self.roles)


NAVIGATION = [
    NavItem(_("Home"), "home", "bi-house-door"),
    NavItem(_("Cases"), "cases:list", "bi-clipboard-check", STAFF_ROLES, _("Cases")),
    NavItem(
        _("Report a problem"),
        "cases:new",
        "bi-camera",
        (RoleCode.PATROLLER, RoleCode.OPERATOR, RoleCode.SHIFT_LEAD),
        _("Cases"),
    ),
    NavItem(_("Messages"), "notifications:inbox", "bi-bell", None, _("Cases")),
    NavItem(_("Phone pages"), "cases:mobile", "bi-phone", (RoleCode.PATROLLER,), _("Cases")),
    NavItem(_("Grid map"), "grids:map", "bi-map", STAFF_ROLES, _("Grids")),
    NavItem(_("Import grids"), "grids:import", "bi-upload", (RoleCode.ADMIN,), _("Grids")),
    NavItem(_("Org units"), "accounts:org_unit_list", "bi-diagram-3", STAFF_ROLES, _("Organisation")),
    NavItem(_("Departments"), "accounts:department_list", "bi-building", STAFF_ROLES, _("Organisation")),
    NavItem(_("Users"), "accounts:user_list", "bi-people", STAFF_ROLES, _("Organisation")),
    NavItem(_("API documentation"), "api-docs", "bi-code-slash", (RoleCode.ADMIN,), _("System")),
    NavItem(_("Administration"), "admin:index", "bi-gear", (RoleCode.ADMIN,), _("System")),
]


def all_items() -> list[NavItem]:
    items = list(NAVIGATION)
    system = [item for item in items if item.section == _("System")]
    core = [item for item in items if item not in system]
    core.extend(collect("navigation", "ITEMS"))
    return core + system


def navigation_for(user, current_path: str) -> list[dict]:
    """Entries the user may see, grouped by section; the entry with the longest matching URL is active."""
    entries = []
    for item in all_items():
        if item.visible_to(user):
            entries.append((item, reverse(item.url_name)))
    matches = [url for _item, url in entries if (current_path == url if url == "/" else current_path.startswith(url))]
    active_url = max(matches, key=len, default=None)
    groups: list[dict] = []
    for item, url in entries:
        entry = {"label": item.label, "url": url, "icon": item.icon, "active": url == active_url}
        if groups and groups[-1]["section"] == item.section:
            groups[-1]["items"].append(entry)
        else:
            groups.append({"section": item.section, "items": [entry]})
    return groups
