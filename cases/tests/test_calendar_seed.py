from datetime import date, timedelta

import pytest

from cases.models import CalendarDay, CalendarYear, DayKind, YearStatus

pytestmark = pytest.mark.django_db


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def kinds_of(dates: list[date]) -> dict[date, tuple[str, str]]:
    return {row.date: (row.kind, row.holiday) for row in CalendarDay.objects.filter(date__in=dates)}


def test_every_year_the_package_knows_is_published():
    published = set(CalendarYear.objects.filter(status=YearStatus.PUBLISHED).values_list("year", flat=True))
    assert published == set(range(2004, 2027))


def test_2027_is_not_seeded():
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_spring_festival_2026_is_off_with_two_working_saturdays():
    off = days(date(2026, 2, 15), date(2026, 2, 23))
    assert kinds_of(off) == {day: (DayKind.OFF, "春节") for day in off}
    assert kinds_of([date(2026, 2, 14), date(2026, 2, 28)]) == {
        date(2026, 2, 14): (DayKind.WORKDAY, "春节"),
        date(2026, 2, 28): (DayKind.WORKDAY, "春节"),
    }


def test_national_day_2026_is_off_with_a_working_sunday_and_saturday():
    off = days(date(2026, 10, 1), date(2026, 10, 7))
    assert kinds_of(off) == {day: (DayKind.OFF, "国庆节") for day in off}
    assert kinds_of([date(2026, 9, 20), date(2026, 10, 10)]) == {
        date(2026, 9, 20): (DayKind.WORKDAY, "国庆节"),
        date(2026, 10, 10): (DayKind.WORKDAY, "国庆节"),
    }


def test_mid_autumn_festival_2026_is_off_on_its_own():
    off = days(date(2026, 9, 25), date(2026, 9, 27))
    assert kinds_of(off) == {day: (DayKind.OFF, "中秋") for day in off}


def test_2026_has_33_days_off_and_6_make_up_working_days():
    rows = CalendarDay.objects.filter(date__year=2026)
    assert rows.filter(kind=DayKind.OFF).count() == 33
    assert rows.filter(kind=DayKind.WORKDAY).count() == 6


def test_seeded_rows_name_their_source():
    row = CalendarDay.objects.get(date=date(2026, 10, 1))
    assert row.source == "chinese-calendar 1.11.0 / 国务院办公厅通知"
    assert CalendarYear.objects.get(year=2026).source == row.source


def test_special_holiday_of_2015_has_its_chinese_name():
    assert CalendarDay.objects.get(date=date(2015, 9, 3)).holiday.startswith("中国人民抗日战争")
