"""Loading the work calendar: a State Council notice as CSV rows, or the chinese-calendar package.

A CSV has the columns `date,kind,holiday,source` (kind `off` or `workday`), one row per day that is an
exception to the Mon–Fri rule. Every row is checked before anything is written; one bad row and
nothing is imported.
"""

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from cases.deadlines import reset_calendar_cache
from cases.models import CalendarDay, CalendarYear, DayKind, YearStatus

CSV_COLUMNS = ("date", "kind", "holiday", "source")
MAX_HOLIDAY = CalendarDay._meta.get_field("holiday").max_length
MAX_SOURCE = CalendarDay._meta.get_field("source").max_length


@dataclass(frozen=True)
class CalendarRow:
    date: date
    kind: str
    holiday: str
    source: str


class CalendarImportError(Exception):
    """Every problem found in the input, each a sentence naming its line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def calendar_rows_from_csv(lines: Iterable[str]) -> list[CalendarRow]:
    """Parse and check a calendar CSV; raise CalendarImportError listing every bad row."""
    try:
        return _rows_from_csv(lines)
    except csv.Error as error:  # a field past the csv module's size limit, a quote left open at the end …
        raise CalendarImportError([_("The file is not a readable CSV file: %(error)s") % {"error": error}]) from None


def _rows_from_csv(lines: Iterable[str]) -> list[CalendarRow]:
    reader = csv.DictReader(lines)
    missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        message = _("The file must have the columns %(columns)s.") % {"columns": ",".join(CSV_COLUMNS)}
        raise CalendarImportError([message])
    rows: list[CalendarRow] = []
    errors: list[str] = []
    first_line: dict[date, int] = {}
    for record in reader:
        line = reader.line_num
        problems = []
        raw_date, kind = (record["date"] or "").strip(), (record["kind"] or "").strip()
        holiday, source = (record["holiday"] or "").strip(), (record["source"] or "").strip()
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            day = None
            problems.append(_("“%(value)s” is not a date like 2026-10-01.") % {"value": raw_date})
        if kind not in DayKind.values:
            problems.append(_("kind must be off or workday, not “%(value)s”.") % {"value": kind})
        if not source:
            problems.append(_("the source (notice number or address) is missing."))
        for value, limit in ((holiday, MAX_HOLIDAY), (source, MAX_SOURCE)):
            if len(value) > limit:
                problems.append(_("At most %(n)d characters.") % {"n": limit})
        if day is not None and day in first_line:
            problems.append(
                _("%(date)s appears twice (first on line %(first)s).") % {"date": day, "first": first_line[day]}
            )
        if day is not None and kind in DayKind.values:
            try:
                CalendarDay(date=day, kind=kind).clean()
            except ValidationError as error:
                problems.extend(error.messages)
        if day is not None:
            first_line.setdefault(day, line)
        errors.extend(_("Line %(line)s: %(error)s") % {"line": line, "error": problem} for problem in problems)
        if not problems:
            rows.append(CalendarRow(date=day, kind=kind, holiday=holiday, source=source))
    if not errors and not rows:
        errors.append(_("The file has no rows."))
    if errors:
        raise CalendarImportError(errors)
    return rows


def calendar_rows_from_package() -> list[CalendarRow]:
    """Every day the installed chinese-calendar package knows (its data follows the State Council notices)."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    source = f"chinese-calendar {chinese_calendar.__version__} / 国务院办公厅通知"
    rows = [
        CalendarRow(date=day, kind=kind, holiday=Holiday(name).chinese, source=source)
        for kind, table in ((DayKind.OFF, chinese_calendar.holidays), (DayKind.WORKDAY, chinese_calendar.workdays))
        for day, name in table.items()
    ]
    return sorted(rows, key=lambda row: row.date)


def calendar_import(*, actor: Any | None, rows: list[CalendarRow], replace: bool = False) -> dict[int, int]:
    """Write checked rows in one transaction and mark their years published. Returns days per year.

    Rows update the days already stored (matched by date). With `replace`, the stored days of the years
    present are deleted first; careful with a notice that also moves late-December days of the year before.
    """
    per_year = Counter(row.date.year for row in rows)
    with transaction.atomic():
        if replace:
            for day in CalendarDay.objects.filter(date__year__in=list(per_year)):
                day.delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=row.date, kind=row.kind, holiday=row.holiday, source=row.source) for row in rows],
            update_conflicts=True,
            unique_fields=["date"],
            update_fields=["kind", "holiday", "source", "updated_at"],
            batch_size=500,
        )
        for year, count in sorted(per_year.items()):
            sources = Counter(row.source for row in rows if row.date.year == year)
            calendar_year, _created = CalendarYear.objects.update_or_create(
                year=year, defaults={"status": YearStatus.PUBLISHED, "source": sources.most_common(1)[0][0]}
            )
            audit_record(
                actor=actor,
                action="calendar.import",
                target=calendar_year,
                summary=str(year),
                data={"days": count, "replace": replace},
            )
        transaction.on_commit(reset_calendar_cache)
    reset_calendar_cache()
    return dict(sorted(per_year.items()))
