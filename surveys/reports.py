"""This app's table in the weekly/monthly reports (collected by command.reports through civicgrid.plugins)."""

from django.utils.translation import gettext as _

from civicgrid.plugins import ReportSection, ReportTable


def _tables(unit, period) -> list[ReportTable]:
    from surveys.selectors import unit_rates

    start, end = period.bounds()
    rows = []
    for row in unit_rates(path=unit.path, start=start, end=end):
        rates = [row["rates"][key].value for key in ("awareness", "support", "satisfaction")]
        rows.append([row["survey"].title, row["public"], row["door"], *("" if r is None else r for r in rates)])
    return [
        ReportTable(
            title=_("Surveys"),
            columns=[_("Survey"), _("Answered by residents"), _("Door-to-door"), "知晓率 %", "支持率 %", "满意度 %"],
            rows=rows,
        )
    ]


SECTIONS = [ReportSection("surveys", _tables)]
