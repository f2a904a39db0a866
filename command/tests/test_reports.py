"""The weekly report: the workbook's sheets and figures, the PDF's Chinese text and fonts, stability."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from command.models import Report, ReportKind
from command.reports import build_report, last_month, last_week
from command.selectors import Period
from command.tests.scenario import close_after_disposal, file, go, report, to_disposed

MONDAY, SUNDAY = date(2026, 11, 30), date(2026, 12, 6)


def known_week(world):
    """Three reports in 堤口庄社区 on Monday: one closed on time, one dispatched, one from a citizen."""
    done = file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:05")
    done = to_disposed(world, done, dispatch="2026-11-30 09:10", accept="2026-11-30 09:20", dispose="2026-11-30 10:00")
    done = close_after_disposal(world, done, verify="2026-11-30 10:10", close="2026-11-30 10:20")
    open_case = file(world, report(world, "2026-11-30 11:00"), "2026-11-30 11:05")
    go(open_case, "dispatch", world.dispatcher, "2026-11-30 11:10", department=world.hw)
    file(world, report(world, "2026-12-01 09:00", source="citizen"), "2026-12-01 09:10")
    return done


def weekly(unit) -> Report:
    return Report.objects.create(kind=ReportKind.WEEKLY, org_unit=unit, start=MONDAY, end=SUNDAY)


def workbook(report: Report):
    with report.xlsx.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def rows_of(sheet) -> dict:
    """First column → the rest of the row."""
    return {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0] is not None}


def cell_values(report: Report) -> dict:
    book = workbook(report)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_last_week_is_monday_to_sunday_before_this_week():
    assert last_week(date(2026, 12, 2)) == Period(date(2026, 11, 23), date(2026, 11, 29))
    assert last_week(date(2026, 11, 30)) == Period(date(2026, 11, 23), date(2026, 11, 29))


def test_last_month_is_the_calendar_month_before():
    assert last_month(date(2026, 12, 1)) == Period(date(2026, 11, 1), date(2026, 11, 30))
    assert last_month(date(2026, 3, 15)) == Period(date(2026, 2, 1), date(2026, 2, 28))


def test_the_workbook_has_one_sheet_per_view_with_the_week_figures(world):
    known_week(world)
    street = world.operator.org_unit
    report = weekly(street)
    build_report(report=report)
    report.refresh_from_db()
    assert report.xlsx.name.endswith(".xlsx") and "2026-11-30_2026-12-06" in report.xlsx.name

    book = workbook(report)
    # The core sheets first; installed apps add theirs after them (civicgrid.plugins.ReportSection).
    assert book.sheetnames[:5] == ["概览", "社区排名", "部门排名", "人员", "每日"]
    overview = book["概览"]
    assert street.name in overview["A1"].value and "周报" in overview["A1"].value
    figures = rows_of(overview)
    assert figures["上报数"][0] == 3
    assert figures["结案率"][0] == pytest.approx(1 / 3, abs=1e-4)
    header = next(row for row in overview.iter_rows() if row[0].value == "结案率")
    assert header[1].number_format == "0.0%"

    communities = rows_of(book["社区排名"])
    assert world.grid.org_unit.name in {row[0] for row in communities.values()}
    departments = [row[1] for row in book["部门排名"].iter_rows(min_row=2, values_only=True)]
    assert world.hw.name in departments

    daily = list(book["每日"].iter_rows(values_only=True))
    assert daily[0][:3] == ("日期", "上报数", "立案数")
    assert len(daily) == 1 + 7
    assert [row[1] for row in daily[1:]] == [2, 1, 0, 0, 0, 0, 0]


def test_the_pdf_shows_chinese_text_with_the_font_embedded(world):
    known_week(world)
    street = world.operator.org_unit
    report = weekly(street)
    build_report(report=report)
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert street.name in text
    assert "周报" in text and "结案率" in text and "每日案卷" in text
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    cjk = {name: d for name, d in fonts.items() if "CJK" in name}
    assert cjk, fonts.keys()
    assert all(any(key in d for key in ("/FontFile", "/FontFile2", "/FontFile3")) for d in cjk.values())


def test_a_closed_week_gives_the_same_report_after_its_cases_change(world):
    done = known_week(world)
    street = world.operator.org_unit
    first = weekly(street)
    build_report(report=first)
    go(done, "reopen", world.patroller, "2026-12-07 09:00", reason="又有垃圾")
    file(world, report(world, "2026-12-08 09:00"), "2026-12-08 09:10")
    second = weekly(street)
    build_report(report=second)
    assert cell_values(second) == cell_values(first)


def test_a_department_name_that_looks_like_a_formula_is_written_as_text(world):
    import zipfile

    known_week(world)
    world.hw.name = '=HYPERLINK("http://x","y")'
    world.hw.save(update_fields=["name"])
    report_ = weekly(world.operator.org_unit)
    build_report(report=report_)
    report_.refresh_from_db()
    cells = [cell for row in workbook(report_)["部门排名"].iter_rows() for cell in row]
    [hostile] = [cell for cell in cells if cell.value == '=HYPERLINK("http://x","y")']
    assert hostile.data_type == "s"
    with report_.xlsx.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        assert not any(b"<f>" in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))
