"""This app's section of the KPI page (collected by command through civicgrid.plugins)."""

from civicgrid.plugins import KpiPanel


def _figures(user, unit, period) -> dict | None:
    from archive.selectors import READ_ROLES, completeness, visible_materials

    if not user.has_role(*READ_ROLES):
        return None
    figures = completeness(visible_materials(user).filter(scope_path__startswith=unit.path))
    if not figures["total"]:
        return None
    return {"unit": unit, "figures": figures}


PANELS = [KpiPanel("archive", "archive/_kpi_panel.html", _figures)]
