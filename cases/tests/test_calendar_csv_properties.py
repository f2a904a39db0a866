"""Property-based fuzzing of the work-calendar CSV (load_holidays): any text gives checked rows or
CalendarImportError naming the bad lines, never another exception. Derandomized and bounded."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from cases.calendar_import import CalendarImportError, calendar_rows_from_csv

CELL = st.one_of(
    st.text(max_size=12),
    st.dates().map(lambda day: day.isoformat()),
    st.sampled_from(["off", "workday", "2026-02-30", "9999-12-31", "x" * 300, '"', "a,b", "\x00"]),
)


def as_csv(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    text=st.one_of(
        st.lists(st.lists(CELL, max_size=5), max_size=6).map(
            lambda rows: as_csv([["date", "kind", "holiday", "source"], *rows])
        ),
        st.text(max_size=200),
        st.just('date,kind,holiday,source\n2026-10-01,off,"' + "x" * 140_000 + '",notice\n'),
    )
)
def test_a_calendar_csv_is_rows_or_errors_naming_lines(text):
    try:
        rows = calendar_rows_from_csv(io.StringIO(text, newline=""))
    except CalendarImportError as error:
        assert error.errors and all(error.errors)
    else:
        assert rows and all(len(row.holiday) <= 100 and len(row.source) <= 255 for row in rows)
