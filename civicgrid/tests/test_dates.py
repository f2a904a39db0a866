from datetime import date

import pytest

from civicgrid.dates import DayField, parse_day, parse_month


@pytest.mark.parametrize(
    "text", ["2026-02-30", "9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01", "abc", "", None]
)
def test_an_impossible_or_out_of_range_day_is_none(text):
    assert parse_day(text) is None


def test_a_real_day_in_range_is_parsed():
    assert parse_day(" 2026-11-30 ") == date(2026, 11, 30)


@pytest.mark.parametrize("text", ["9999-12", "0001-01", "2026-13", "2026-00", "2026", "2026-11-30", None])
def test_an_impossible_or_out_of_range_month_is_none(text):
    assert parse_month(text) is None


def test_a_month_is_year_and_month():
    assert parse_month("2026-02") == (2026, 2)


def test_a_form_day_out_of_range_is_a_field_error_not_an_overflow():
    field = DayField()
    with pytest.raises(Exception, match="2000-01-01"):
        field.clean("9999-12-31")
    assert field.clean("2026-11-30") == date(2026, 11, 30)
