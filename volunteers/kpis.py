"""This app's section of the KPI page (collected by command through civicgrid.plugins)."""

from civicgrid.plugins import KpiPanel


def _figures(user, unit, period) -> dict | None:
    from volunteers.selectors import VIEW_ROLES, shared_rates

    if not user.has_role(*VIEW_ROLES):
        return None
    total, rows = shared_rates(unit=unit)
    return {"unit": unit, "total": total, "rows": rows}


PANELS = [KpiPanel("volunteers", "volunteers/_kpi_panel.html", _figures)]
