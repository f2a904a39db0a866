"""This app's section of the KPI page (collected by command through civicgrid.plugins)."""

from civicgrid.plugins import KpiPanel


def _figures(user, unit, period) -> dict | None:
    from assessment.selectors import period_figures
    from assessment.views import VIEW_ROLES

    if not user.has_role(*VIEW_ROLES):
        return None
    start, end = period.bounds()
    return {"unit": unit, "kinds": period_figures(path=unit.path, start=start, end=end)}


PANELS = [KpiPanel("assessment", "assessment/_kpi_panel.html", _figures)]
