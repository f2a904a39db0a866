"""This app's tables in the weekly/monthly reports (collected by command.reports through civicgrid.plugins)."""

from django.utils.translation import gettext as _

from civicgrid.plugins import ReportSection, ReportTable


def _tables(unit, period) -> list[ReportTable]:
    from accounts.models import OrgUnit
    from assessment.models import SchemeKind
    from assessment.selectors import open_at, period_figures

    start, end = period.bounds()
    figures = period_figures(path=unit.path, start=start, end=end)
    overview = ReportTable(
        title=_("Assessment readiness"),
        columns=[
            _("Scheme"),
            _("Checks"),
            _("Deductions found"),
            _("Points"),
            _("Won back"),
            _("Points"),
            _("Open at the end"),
            _("Points"),
        ],
        rows=[
            [
                str(label),
                figures[kind]["checks"],
                figures[kind]["found"],
                float(figures[kind]["found_points"]),
                figures[kind]["won"],
                float(figures[kind]["won_points"]),
                *(lambda n, points: (n, float(points)))(*open_at(path=unit.path, kind=kind, moment=end)),
            ]
            for kind, label in SchemeKind.choices
        ],
    )
    communities = ReportTable(
        title=_("Assessment by community"),
        columns=[_("Community"), _("Open at the end"), _("Points")],
        rows=[
            [
                child.name,
                *(lambda n, points: (n, float(points)))(*open_at(path=child.path, kind="civilization", moment=end)),
            ]
            for child in OrgUnit.objects.filter(path__startswith=unit.path, kind="community").order_by("path")
        ],
    )
    return [overview, communities]


SECTIONS = [ReportSection("assessment", _tables)]
