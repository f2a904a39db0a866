"""This app's section of the KPI page (collected by command through civicgrid.plugins)."""

from civicgrid.plugins import KpiPanel


def _figures(user, unit, period) -> dict | None:
    from surveys.selectors import unit_rates
    from surveys.views import VIEW_ROLES

    if not user.has_role(*VIEW_ROLES):
        return None
    start, end = period.bounds()
    return {"unit": unit, "rows": unit_rates(path=unit.path, start=start, end=end)}


PANELS = [KpiPanel("surveys", "surveys/_kpi_panel.html", _figures)]
