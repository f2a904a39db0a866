"""Hostile Excel workbooks for property-based tests of our imports, built with openpyxl from hypothesis strategies:
cells of every type openpyxl writes (text with formulas and odd characters, huge or negative numbers, dates, times,
booleans, empty), headers right, shuffled or wrong, sheets present or missing."""

import io
from datetime import datetime

from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

TEXT = st.text(max_size=30).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text))
CELL = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(
        ["=1+1", '=HYPERLINK("http://x","y")', "@SUM(1)", "是", "否", "x" * 5000, "1e400", "-1", "nan", "inf", "９９"]
    ),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.dates(min_value=datetime(1900, 3, 1).date()),
    st.times(),
)


def header(columns: list[str]):
    """The right header, a shuffled or partial one, or any text."""
    return st.one_of(
        st.just(list(columns)),
        st.permutations(columns).map(list),
        st.lists(st.sampled_from(columns), max_size=len(columns)),
        st.lists(TEXT, max_size=len(columns) + 2),
    )


def rows(cells: list, max_rows: int = 6):
    """Rows whose n-th cell is drawn from cells[n] (a realistic value or anything), sometimes ragged."""
    row = st.tuples(*cells).map(list)
    return st.lists(st.one_of(row, row.map(lambda r: r[: len(r) // 2]), st.lists(CELL, max_size=3)), max_size=max_rows)


def workbook(sheets: dict[str, tuple[list, list[list]]]) -> bytes:
    """An .xlsx with the given sheets, each (header, rows), in order."""
    book = Workbook()
    book.remove(book.active)
    for title, (head, body) in sheets.items():
        sheet = book.create_sheet(title=title[:31] or "Sheet")
        for row in [head, *body]:
            sheet.append(row)
    if not book.worksheets:
        book.create_sheet()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
