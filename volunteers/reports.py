"""This app's tables in the weekly/monthly reports (collected by command.reports through civicgrid.plugins).

The rates are of the period's end: registered = registered by then, active = confirmed service in the 12 months
before it, so a closed period's report comes out the same however often it is made (withdrawals aside)."""

from django.utils.translation import gettext as _

from civicgrid.plugins import ReportSection, ReportTable


def _rate(value) -> float | None:
    return None if value is None else float(value)


def _tables(unit, period) -> list[ReportTable]:
    from volunteers.selectors import month_stats, rates_at

    start, end = period.bounds()
    total, rows = rates_at(unit=unit, day=end)
    overview = ReportTable(
        title=_("Volunteer registration and participation"),
        columns=[
            _("Community"),
            _("Resident population"),
            _("Registered volunteers"),
            _("Registration rate (%)"),
            _("Active in the last 12 months"),
            _("Participation rate (%)"),
        ],
        rows=[
            [r.unit.name, r.population, r.registered, _rate(r.registration_rate), r.active, _rate(r.participation_rate)]
            for r in [*rows, total]
        ],
    )
    stats = month_stats(path=unit.path, start=start, end=end)
    kinds = ReportTable(
        title=_("Volunteer service in the period by kind"),
        columns=[_("Kind"), _("Volunteers"), _("Service records"), _("Hours")],
        rows=[[row["label"], row["people"], row["n"], float(row["hours"] or 0)] for row in stats["by_kind"]],
    )
    units = ReportTable(
        title=_("Service of serving party members by unit"),
        columns=[_("Unit"), _("Volunteers"), _("Hours"), _("Share of the hours")],
        rows=[[row["name"], row["people"], float(row["hours"] or 0), row["share"]] for row in stats["by_unit"]],
    )
    return [overview, kinds, units]


SECTIONS = [ReportSection("volunteers", _tables)]
