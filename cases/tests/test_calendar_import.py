from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from audit.models import AuditEntry
from cases.deadlines import DeadlineUnit, add_working_time, compute_deadline
from cases.models import CalendarDay, CalendarYear, DayKind, YearStatus

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Test data for a far year, clearly not a real notice.
GOOD_CSV = """date,kind,holiday,source
2031-01-01,off,元旦,test data (not a real notice)
2031-01-02,off,元旦,test data (not a real notice)
2031-01-04,workday,元旦,test data (not a real notice)
"""


@pytest.fixture(autouse=True)
def english():
    """The error messages are asserted in English, whatever translations exist."""
    with translation.override("en"):
        yield


def write(tmp_path, text: str, name: str = "holidays.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_loads_the_days_and_publishes_the_year(tmp_path):
    call_command("load_holidays", write(tmp_path, GOOD_CSV))
    assert list(CalendarDay.objects.filter(date__year=2031).values_list("date", "kind")) == [
        (date(2031, 1, 1), DayKind.OFF),
        (date(2031, 1, 2), DayKind.OFF),
        (date(2031, 1, 4), DayKind.WORKDAY),
    ]
    assert CalendarYear.objects.get(year=2031).status == YearStatus.PUBLISHED


def test_imported_days_take_effect_at_once(tmp_path):
    start = datetime(2030, 12, 31, 17, 0, tzinfo=SHANGHAI)
    assert add_working_time(start, 1, DeadlineUnit.WORK_HOUR) == datetime(2031, 1, 1, 9, 0, tzinfo=SHANGHAI)
    call_command("load_holidays", write(tmp_path, GOOD_CSV))
    assert add_working_time(start, 1, DeadlineUnit.WORK_HOUR) == datetime(2031, 1, 3, 9, 0, tzinfo=SHANGHAI)


def test_deadlines_in_an_imported_year_are_final(tmp_path):
    call_command("load_holidays", write(tmp_path, GOOD_CSV))
    deadline = compute_deadline(datetime(2031, 3, 3, 10, 0, tzinfo=SHANGHAI), 2, DeadlineUnit.WORK_DAY)
    assert not deadline.provisional


def test_import_writes_an_audit_row_per_year(tmp_path):
    call_command("load_holidays", write(tmp_path, GOOD_CSV))
    entry = AuditEntry.objects.get(action="calendar.import")
    assert entry.summary == "2031"
    assert entry.data == {"days": 3, "replace": False}


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(tmp_path):
    bad = """date,kind,holiday,source
2031-01-01,off,元旦,test data
2031-02-30,off,春节,test data
2031-01-05,holiday,元旦,test data
2031-01-01,off,元旦,test data
2031-01-06,workday,元旦,test data
2031-01-07,off,元旦,
"""
    with pytest.raises(CommandError) as error:
        call_command("load_holidays", write(tmp_path, bad))
    message = str(error.value)
    assert "Line 3: “2031-02-30” is not a date" in message
    assert "Line 4: kind must be off or workday, not “holiday”" in message
    assert "Line 5: 2031-01-01 appears twice (first on line 2)" in message
    assert "Line 6: A make-up working day must be a Saturday or a Sunday" in message
    assert "Line 7: the source (notice number or address) is missing" in message
    assert "Line 2" not in message
    assert not CalendarDay.objects.filter(date__year=2031).exists()
    assert not CalendarYear.objects.filter(year=2031).exists()


def test_file_without_the_required_columns_is_refused(tmp_path):
    with pytest.raises(CommandError, match="must have the columns date,kind,holiday,source"):
        call_command("load_holidays", write(tmp_path, "day,type\n2031-01-01,off\n"))


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no rows"):
        call_command("load_holidays", write(tmp_path, "date,kind,holiday,source\n"))


def test_one_bad_file_stops_every_file(tmp_path):
    good = write(tmp_path, GOOD_CSV, "good.csv")
    bad = write(tmp_path, "date,kind,holiday,source\n2032-01-01,of,元旦,test data\n", "bad.csv")
    with pytest.raises(CommandError, match=r"bad\.csv: Line 2"):
        call_command("load_holidays", good, bad)
    assert not CalendarDay.objects.filter(date__year=2031).exists()


def test_import_updates_days_already_stored(tmp_path):
    call_command("load_holidays", write(tmp_path, "date,kind,holiday,source\n2026-10-10,workday,国庆节,corrected\n"))
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).source == "corrected"
    assert CalendarDay.objects.filter(date__year=2026).count() == 39


def test_replace_drops_the_stored_days_of_the_years_present(tmp_path):
    call_command("load_holidays", write(tmp_path, GOOD_CSV))
    replacement = "date,kind,holiday,source\n2031-01-01,off,元旦,test data (corrected)\n"
    call_command("load_holidays", write(tmp_path, replacement, "fix.csv"), "--replace")
    assert list(CalendarDay.objects.filter(date__year=2031).values_list("date", flat=True)) == [date(2031, 1, 1)]


def test_from_package_restores_the_seeded_days():
    CalendarDay.objects.filter(date__year=2026).delete()
    CalendarYear.objects.filter(year=2026).update(status=YearStatus.MISSING)
    call_command("load_holidays", "--from-package")
    assert CalendarDay.objects.filter(date__year=2026).count() == 39
    assert CalendarYear.objects.get(year=2026).status == YearStatus.PUBLISHED
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_file_or_package_must_be_chosen():
    with pytest.raises(CommandError, match="--from-package"):
        call_command("load_holidays")
