"""Weekly and monthly reports: an Excel workbook and a PDF for one org unit and one period.

Every figure comes from the command selectors, which read the daily rollups. The rollups count each
case event on the day it happened (command.kpis), so a report of a closed period gives the same
figures however often it is generated. The report is what the unit itself sees: communities, people
and departments are listed as for a user of that unit, whoever asked for the report.
"""

import io
from calendar import monthrange
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from accounts.models import User
from civicgrid.plugins import collect
from civicgrid.spreadsheets import is_risky, safe_row, text_cell
from command.models import Report, ReportKind, ReportStatus, SubjectKind
from command.selectors import (
    Period,
    child_units,
    daily_counts,
    ranked_departments,
    ranked_people,
    ranking,
    rate_percent,
    unit_summary,
)

PERCENT = "0.0%"
SCORE = "0.0"
DAILY_FIELDS = ("reports", "filed", "closed", "closed_on_time", "disposed", "reworked", "overdue")
CHART_COLOURS = {"reports": "#0d6efd", "filed": "#6f42c1", "closed": "#198754"}
BAR_COLOURS = {"A": "#198754", "B": "#0d6efd", "C": "#ffc107", "D": "#dc3545", "E": "#495057"}


# --- periods (Asia/Shanghai dates; callers pass command.selectors.today()) ---------------------------


def last_week(today: date) -> Period:
    """Monday to Sunday of the week before the one `today` is in."""
    monday = today - timedelta(days=today.weekday())
    return Period(monday - timedelta(days=7), monday - timedelta(days=1))


def last_month(today: date) -> Period:
    end = today.replace(day=1) - timedelta(days=1)
    return Period(end.replace(day=1), end)


def period_containing(kind: str, day: date) -> Period:
    if kind == ReportKind.WEEKLY:
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6))
    return Period(day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1]))


def last_period(kind: str, today: date) -> Period:
    return last_week(today) if kind == ReportKind.WEEKLY else last_month(today)


def reusable_report(*, org_unit, kind: str, period: Period, today: date) -> Report | None:
    """A READY report of a closed period: its figures cannot change, so it is not generated again."""
    if period.end >= today:
        return None
    return (
        Report.objects.filter(org_unit=org_unit, kind=kind, start=period.start, end=period.end)
        .filter(status=ReportStatus.READY)
        .order_by("-finished_at")
        .first()
    )


# --- names ----------------------------------------------------------------------------------------------


def report_title(report: Report) -> str:
    return _("%(unit)s %(kind)s %(start)s to %(end)s") % {
        "unit": report.org_unit.name,
        "kind": report.get_kind_display(),
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
    }


def download_name(report: Report, extension: str) -> str:
    """The file name people see, e.g. 堤口路街道（示例）-周报-2026-11-23_2026-11-29.pdf."""
    with translation.override(settings.LANGUAGE_CODE):
        kind = str(report.get_kind_display())
    return f"{report.org_unit.name}-{kind}-{report.start.isoformat()}_{report.end.isoformat()}.{extension}"


def _storage_name(report: Report, extension: str) -> str:
    return f"{report.org_unit.code}-{report.kind}-{report.start.isoformat()}_{report.end.isoformat()}.{extension}"


# --- the figures ----------------------------------------------------------------------------------------


def report_data(*, report: Report) -> dict:
    """Everything the workbook and the PDF show, read through the command selectors."""
    unit = report.org_unit
    period = Period(report.start, report.end)
    reader = User(org_unit=unit, is_active=True)  # unsaved: the data scope of the unit itself
    summary = unit_summary(unit=unit, period=period)
    people = [
        (
            heading,
            ranking(subject=subject, subjects=ranked_people(user=reader, unit=unit, subject=subject), period=period),
        )
        for subject, heading in (
            ("patroller", _("Patrollers")),
            ("dispatcher", _("Dispatchers")),
            ("intake", _("Operators and shift leads")),
        )
    ]
    daily = daily_counts(kind=SubjectKind.ORG, subject_id=unit.pk, period=period, fields=DAILY_FIELDS)
    days = [period.start + timedelta(days=n) for n in range(period.days)]
    return {
        "report": report,
        "title": report_title(report),
        "period": period,
        "previous": period.previous(),
        "summary": summary,
        "communities": ranking(subject="community", subjects=child_units(user=reader, unit=unit), period=period),
        "departments": ranking(subject="department", subjects=ranked_departments(user=reader), period=period),
        "people": people,
        "daily": [(day, {f: (daily.get(day) or {}).get(f, 0) for f in DAILY_FIELDS}) for day in days],
        "extra_tables": [table for section in collect("reports", "SECTIONS") for table in section.tables(unit, period)],
    }


def _daily_labels() -> dict[str, str]:
    from command.kpis import COUNTER_INDEX

    return {name: str(COUNTER_INDEX[(SubjectKind.ORG, name)].label) for name in DAILY_FIELDS}


# --- the workbook ---------------------------------------------------------------------------------------


class _Sheet:
    """A write-only sheet with a bold header row and number formats per cell."""

    def __init__(self, book: Workbook, title: str, widths: dict[str, int] | None = None):
        self.ws = book.create_sheet(title)
        for column, width in (widths or {}).items():
            self.ws.column_dimensions[column].width = width

    def cell(self, value, number_format: str | None = None, bold: bool = False) -> WriteOnlyCell:
        cell = text_cell(self.ws, value) if is_risky(value) else WriteOnlyCell(self.ws, value=value)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
        return cell

    def header(self, *labels) -> None:
        self.ws.append([self.cell(str(label), bold=True) for label in labels])

    def row(self, *values) -> None:
        self.ws.append(safe_row(self.ws, values))

    def blank(self) -> None:
        self.ws.append([])


def _value_cell(sheet: _Sheet, value, is_rate: bool) -> WriteOnlyCell:
    return sheet.cell(value, PERCENT if is_rate and value is not None else None)


def _overview(book: Workbook, data: dict) -> None:
    sheet = _Sheet(book, _("Overview"), {"A": 28, "B": 14, "C": 14, "D": 14})
    summary, period, previous = data["summary"], data["period"], data["previous"]
    sheet.row(sheet.cell(data["title"], bold=True))
    sheet.row(_("Period"), f"{period.start.isoformat()} – {period.end.isoformat()}")
    sheet.row(_("Previous period"), f"{previous.start.isoformat()} – {previous.end.isoformat()}")
    sheet.row(_("Composite score"), sheet.cell(summary["score"], SCORE), summary["grade"])
    sheet.blank()
    sheet.header(_("Indicator"), _("This period"), _("Previous period"), _("Change from the previous period"))
    for figure in summary["figures"]:
        now, before = figure["value"], summary["previous"].get(figure["code"])
        change = now - before if now is not None and before is not None else None
        sheet.row(
            str(figure["label"]),
            _value_cell(sheet, now, figure["is_rate"]),
            _value_cell(sheet, before, figure["is_rate"]),
            _value_cell(sheet, change, figure["is_rate"]),
        )
    area = summary["area_km2"]
    if area:
        density = round(summary["counts"].get("reports", 0) / area, 1)
        sheet.row(_("Reports per km²"), density)


def _trend(row: dict) -> str:
    change = row["rank_change"]
    if change is None:
        return ""
    return f"↑{change}" if change > 0 else (f"↓{-change}" if change < 0 else "—")


def _ranking_sheet(sheet: _Sheet, rows: list[dict], name_label: str) -> None:
    indicators = [indicator for indicator, _value in rows[0]["values"]] if rows else []
    sheet.header(
        _("Rank"),
        name_label,
        _("Composite score"),
        _("Grade"),
        *[i.label for i in indicators],
        _("Previous score"),
        _("Score change"),
        _("Rank change"),
    )
    for row in rows:
        sheet.row(
            row["rank"],
            row["name"],
            sheet.cell(row["score"], SCORE),
            row["grade"],
            *[_value_cell(sheet, value, indicator.is_rate) for indicator, value in row["values"]],
            sheet.cell(row["previous_score"], SCORE),
            sheet.cell(row["delta"], SCORE),
            _trend(row),
        )


def build_workbook(data: dict) -> bytes:
    book = Workbook(write_only=True)
    _overview(book, data)
    _ranking_sheet(_Sheet(book, _("Community ranking"), {"B": 22}), data["communities"], _("Community"))
    _ranking_sheet(_Sheet(book, _("Department ranking"), {"B": 22}), data["departments"], _("Department"))
    people = _Sheet(book, _("People"), {"B": 16})
    for heading, rows in data["people"]:
        people.row(people.cell(str(heading), bold=True))
        _ranking_sheet(people, rows, _("Name of the person"))
        people.blank()
    daily = _Sheet(book, _("Daily"), {"A": 12})
    labels = _daily_labels()
    daily.header(_("Day"), *[labels[f] for f in DAILY_FIELDS])
    for day, counts in data["daily"]:
        daily.row(daily.cell(day, "yyyy-mm-dd"), *[counts[f] for f in DAILY_FIELDS])
    for table in data.get("extra_tables", []):
        sheet = _Sheet(book, str(table.title)[:31], {"A": 22})
        sheet.header(*table.columns)
        for row in table.rows:
            sheet.row(*row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the PDF --------------------------------------------------------------------------------------------


def _line_chart(data: dict, width: int = 640, height: int = 220) -> dict:
    """Cases per day: one polyline per series, in the chart's own coordinates (drawn by the template)."""
    left, right, top, bottom = 40, 24, 10, 30
    days = data["daily"]
    highest = max([0, *[counts[f] for _day, counts in days for f in CHART_COLOURS]])
    tick = max(1, -(-highest // 4))  # whole cases per grid line
    peak = tick * 4
    step = (width - left - right) / max(len(days) - 1, 1)

    def y(value):
        return round(top + (height - top - bottom) * (1 - value / peak), 1)

    labels = _daily_labels()
    series = [
        {
            "label": labels[field],
            "colour": colour,
            "points": " ".join(f"{round(left + n * step, 1)},{y(c[field])}" for n, (_d, c) in enumerate(days)),
        }
        for field, colour in CHART_COLOURS.items()
    ]
    every = max(1, len(days) // 8)
    ticks = [
        {"x": round(left + n * step, 1), "label": day.strftime("%m-%d")}
        for n, (day, _c) in enumerate(days)
        if n % every == 0
    ]
    grid = [{"y": y(tick * k), "label": tick * k} for k in range(5)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "base": height - bottom,
        "series": series,
        "ticks": ticks,
        "grid": grid,
    }


def _bar_chart(rows: list[dict], width: int = 640, bar: int = 18) -> dict:
    """Community scores, one horizontal bar each (0–100 points)."""
    left, span = 150, width - 150 - 50
    bars = [
        {
            "y": n * (bar + 6),
            "name": row["name"],
            "length": round(span * float(row["score"] or 0) / 100, 1),
            "score": row["score"],
            "grade": row["grade"],
            "colour": BAR_COLOURS.get(row["grade"], "#adb5bd"),
        }
        for n, row in enumerate(rows)
    ]
    for item in bars:
        item["label_x"] = round(left + item["length"] + 4, 1)
    return {"width": width, "height": max(len(bars), 1) * (bar + 6), "left": left, "bar": bar, "bars": bars}


def _shown(rows: list[dict]) -> list[dict]:
    """Ranking rows with their indicator values as text (rates in per cent), for the PDF."""
    return [
        {
            **row,
            "shown": [
                (indicator.label, rate_percent(value) if indicator.is_rate else value)
                for indicator, value in row["values"]
            ],
        }
        for row in rows
    ]


def build_pdf(data: dict) -> bytes:
    from PIL import ImageFile
    from weasyprint import HTML  # a heavy import, only where a PDF is made

    # WeasyPrint's import makes Pillow accept truncated images process-wide; our PDFs embed no raster
    # images, and uploads must stay strict (cases.media), so put it back.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    summary = data["summary"]
    figures = [
        {
            "label": f["label"],
            "now": rate_percent(f["value"]) if f["is_rate"] else f["value"],
            "before": (
                rate_percent(summary["previous"].get(f["code"])) if f["is_rate"] else summary["previous"].get(f["code"])
            ),
        }
        for f in summary["figures"]
    ]
    context = {
        **data,
        "communities": _shown(data["communities"]),
        "departments": _shown(data["departments"]),
        "people": [(heading, _shown(rows)) for heading, rows in data["people"]],
        "figures": figures,
        "line_chart": _line_chart(data),
        "bar_chart": _bar_chart(data["communities"]),
        "daily_labels": _daily_labels(),
        "person_label": _("Name of the person"),
    }
    html = render_to_string("command/reports/pdf.html", context)
    return HTML(string=html).write_pdf()


# --- both -----------------------------------------------------------------------------------------------


def build_report(*, report: Report) -> None:
    """Fill `report.xlsx` and `report.pdf` (replacing earlier files) and save the row."""
    with translation.override(settings.LANGUAGE_CODE):
        data = report_data(report=report)
        workbook, pdf = build_workbook(data), build_pdf(data)
    for field, content, extension in ((report.xlsx, workbook, "xlsx"), (report.pdf, pdf, "pdf")):
        if field:
            field.delete(save=False)
        field.save(_storage_name(report, extension), ContentFile(content), save=False)
    report.save(update_fields=["xlsx", "pdf"])
