import logging
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import deadlines
from cases.deadlines import (
    Deadline,
    DeadlineUnit,
    add_working_time,
    compute_deadline,
    missing_calendar_years,
    next_working_moment,
    reset_calendar_cache,
    working_time_between,
)
from cases.models import CalendarDay, CalendarYear, DayKind, YearStatus

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORK_HOUR, WORK_DAY, HOUR, DAY = DeadlineUnit.WORK_HOUR, DeadlineUnit.WORK_DAY, DeadlineUnit.HOUR, DeadlineUnit.DAY


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


# --- Ordinary working days ------------------------------------------------------------------


def test_working_hours_skip_the_lunch_break():
    assert add_working_time(at("2026-03-04 11:00"), 4, WORK_HOUR) == at("2026-03-04 16:30")


def test_friday_afternoon_case_is_due_next_monday():
    assert add_working_time(at("2026-03-06 16:00"), 4, WORK_HOUR) == at("2026-03-09 11:00")


def test_deadline_ending_at_the_end_of_the_day_stays_at_half_past_five():
    assert add_working_time(at("2026-03-04 13:30"), 4, WORK_HOUR) == at("2026-03-04 17:30")


def test_deadline_ending_at_noon_stays_at_noon():
    assert add_working_time(at("2026-03-04 08:30"), Decimal("3.5"), WORK_HOUR) == at("2026-03-04 12:00")


def test_one_working_day_from_monday_ten_is_due_tuesday_ten():
    assert add_working_time(at("2026-03-02 10:00"), 1, WORK_DAY) == at("2026-03-03 10:00")


def test_working_day_is_the_length_of_the_day_periods():
    start = at("2026-03-02 15:20")
    assert add_working_time(start, 3, WORK_DAY) == add_working_time(start, Decimal("22.5"), WORK_HOUR)


def test_start_in_the_evening_counts_from_the_next_morning():
    assert add_working_time(at("2026-03-04 20:00"), 1, WORK_HOUR) == at("2026-03-05 09:30")


def test_zero_amount_returns_the_start():
    assert add_working_time(at("2026-03-07 20:00"), 0, WORK_HOUR) == at("2026-03-07 20:00")


def test_result_is_in_shanghai_time_whatever_the_zone_of_the_start():
    due = add_working_time(datetime(2026, 3, 4, 3, 0, tzinfo=UTC), 2, WORK_HOUR)  # 11:00 in Shanghai
    assert due == at("2026-03-04 14:30")
    assert due.tzinfo == SHANGHAI


def test_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_time(datetime(2026, 3, 4, 11, 0), 1, WORK_HOUR)


def test_negative_amount_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_time(at("2026-03-04 11:00"), -1, WORK_HOUR)


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unknown deadline unit"):
        add_working_time(at("2026-03-04 11:00"), 1, "fortnight")


# --- Holidays and make-up working days (2026 notice) -----------------------------------------


def test_spring_festival_is_skipped_after_the_working_saturday_before_it():
    # Sat 2026-02-14 is a make-up working day, 02-15..02-23 are off.
    assert add_working_time(at("2026-02-13 16:00"), 4, WORK_HOUR) == at("2026-02-14 11:00")
    assert add_working_time(at("2026-02-14 17:00"), 1, WORK_DAY) == at("2026-02-24 17:00")


def test_case_filed_on_a_holiday_starts_counting_on_the_first_working_day_after_it():
    assert add_working_time(at("2026-02-17 10:00"), 2, WORK_HOUR) == at("2026-02-24 10:30")


def test_make_up_saturday_after_spring_festival_is_a_working_day():
    assert add_working_time(at("2026-02-27 17:00"), 1, WORK_HOUR) == at("2026-02-28 09:00")


def test_national_day_holiday_is_skipped():
    assert add_working_time(at("2026-09-30 17:00"), 1, WORK_HOUR) == at("2026-10-08 09:00")


def test_make_up_sunday_before_national_day_is_a_working_day():
    assert add_working_time(at("2026-09-19 10:00"), 1, WORK_HOUR) == at("2026-09-20 09:30")


def test_make_up_saturday_after_national_day_is_a_working_day():
    assert add_working_time(at("2026-10-09 17:00"), 1, WORK_HOUR) == at("2026-10-10 09:00")


def test_mid_autumn_festival_is_skipped():
    assert add_working_time(at("2026-09-24 17:00"), 1, WORK_HOUR) == at("2026-09-28 09:00")


def test_next_working_moment_of_a_holiday_is_the_first_working_morning():
    assert next_working_moment(at("2026-10-03 12:00")) == at("2026-10-08 08:30")
    assert next_working_moment(at("2026-10-08 09:15")) == at("2026-10-08 09:15")
    assert next_working_moment(at("2026-10-08 17:30")) == at("2026-10-09 08:30")


# --- Natural time --------------------------------------------------------------------------------


def test_natural_hours_run_through_the_night_and_holidays():
    assert add_working_time(at("2026-09-30 22:00"), 6, HOUR) == at("2026-10-01 04:00")
    assert add_working_time(at("2026-09-30 22:00"), 48, HOUR) == at("2026-10-02 22:00")


def test_natural_days_keep_the_clock_time():
    assert add_working_time(at("2026-02-14 10:00"), 3, DAY) == at("2026-02-17 10:00")


def test_natural_units_are_never_provisional():
    assert compute_deadline(at("2026-12-30 10:00"), 10, DAY) == Deadline(due_at=at("2027-01-09 10:00"))


# --- Working time between two moments --------------------------------------------------------


def test_working_time_between_counts_only_working_periods():
    assert working_time_between(at("2026-03-06 16:00"), at("2026-03-09 11:00")) == timedelta(hours=4)


def test_working_time_between_is_negative_backwards():
    assert working_time_between(at("2026-03-03 10:00"), at("2026-03-02 10:00")) == -timedelta(hours=7.5)


# --- Unpublished years -------------------------------------------------------------------------------


def test_deadline_reaching_an_unpublished_year_is_provisional_and_recorded(caplog):
    with caplog.at_level(logging.WARNING, logger="cases.deadlines"):
        deadline = compute_deadline(at("2026-12-30 10:00"), 5, WORK_DAY)
    # Weekends only in 2027: 12-30, 12-31, then Fri 01-01 (no data!), Mon 01-04, Tue 01-05, Wed 01-06 10:00.
    assert deadline == Deadline(due_at=at("2027-01-06 10:00"), provisional=True, missing_years=(2027,))
    assert "work calendar for 2027 missing; deadline is provisional" in caplog.text
    year = CalendarYear.objects.get(year=2027)
    assert year.status == YearStatus.MISSING
    assert year.missing_since is not None
    assert year.last_needed_at is not None


def test_missing_year_is_written_once_per_interval(django_assert_num_queries):
    compute_deadline(at("2026-12-30 10:00"), 5, WORK_DAY)
    with django_assert_num_queries(0):
        assert compute_deadline(at("2026-12-29 10:00"), 5, WORK_DAY).provisional


def test_failing_to_record_a_missing_year_does_not_fail_the_deadline(monkeypatch):
    def broken(years):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(deadlines, "_record_missing", broken)
    assert compute_deadline(at("2026-12-30 10:00"), 5, WORK_DAY).missing_years == (2027,)


def test_late_december_is_provisional_while_next_year_is_missing():
    deadline = compute_deadline(at("2026-12-22 10:00"), 1, WORK_HOUR)
    assert deadline == Deadline(due_at=at("2026-12-22 11:00"), provisional=True, missing_years=(2027,))


def test_early_december_is_final():
    assert compute_deadline(at("2026-12-01 10:00"), 1, WORK_DAY) == Deadline(due_at=at("2026-12-02 10:00"))


def test_missing_years_lists_what_deadlines_needed():
    assert missing_calendar_years(today=date(2026, 6, 1)) == []
    compute_deadline(at("2026-12-30 10:00"), 5, WORK_DAY)
    assert missing_calendar_years(today=date(2026, 6, 1)) == [2027]


def test_missing_years_lists_next_year_from_late_december():
    assert missing_calendar_years(today=date(2026, 12, 21)) == [2027]


def test_publishing_a_year_makes_its_deadlines_final():
    CalendarDay.objects.create(date=date(2027, 1, 1), kind=DayKind.OFF, holiday="test", source="test data")
    CalendarYear.objects.create(year=2027, status=YearStatus.PUBLISHED, source="test data")
    deadline = compute_deadline(at("2026-12-31 17:00"), 1, WORK_HOUR)
    assert deadline == Deadline(due_at=at("2027-01-04 09:00"))


# --- Calendar changes and the in-process cache ------------------------------------------------


def test_admin_added_day_off_takes_effect_after_cache_reset(admin_client):
    assert add_working_time(at("2026-03-04 17:00"), 1, WORK_HOUR) == at("2026-03-05 09:00")
    response = admin_client.post(
        "/admin/cases/calendarday/add/",
        {"date": "2026-03-05", "kind": "off", "holiday": "临时调整", "source": "test data"},
    )
    assert response.status_code == 302
    reset_calendar_cache()
    assert add_working_time(at("2026-03-04 17:00"), 1, WORK_HOUR) == at("2026-03-06 09:00")


def test_saving_a_calendar_day_drops_the_cache_of_this_process():
    assert add_working_time(at("2026-03-04 17:00"), 1, WORK_HOUR) == at("2026-03-05 09:00")
    CalendarDay.objects.create(date=date(2026, 3, 5), kind=DayKind.OFF, source="test data")
    assert add_working_time(at("2026-03-04 17:00"), 1, WORK_HOUR) == at("2026-03-06 09:00")


def test_changes_without_signals_are_seen_after_the_recheck_interval(monkeypatch):
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(deadlines, "time", SimpleNamespace(monotonic=lambda: clock.now))
    assert add_working_time(at("2026-03-04 17:00"), 1, WORK_HOUR) == at("2026-03-05 09:00")
    CalendarDay.objects.bulk_create([CalendarDay(date=date(2026, 3, 5), kind=DayKind.OFF, source="test data")])
    assert add_working_time(at("2026-03-04 17:00"), 1, WORK_HOUR) == at("2026-03-05 09:00")
    clock.now += deadlines.RECHECK_SECONDS
    assert add_working_time(at("2026-03-04 17:00"), 1, WORK_HOUR) == at("2026-03-06 09:00")


def test_work_periods_come_from_settings(settings):
    settings.WORK_PERIODS = [("09:00", "12:00"), ("14:00", "18:00")]
    assert add_working_time(at("2026-03-02 10:00"), 1, WORK_DAY) == at("2026-03-03 10:00")
    assert add_working_time(at("2026-03-02 11:00"), 2, WORK_HOUR) == at("2026-03-02 15:00")


def test_far_future_years_are_loaded_on_demand():
    assert add_working_time(at("2040-03-02 10:00"), 1, WORK_HOUR) == at("2040-03-02 11:00")
    assert add_working_time(at("2026-03-02 10:00"), 3000, WORK_DAY) > at("2037-01-01 00:00")


# --- Properties ----------------------------------------------------------------------------------

starts = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31, 23, 59), timezones=st.just(SHANGHAI)
)
property_settings = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@property_settings
@given(start=starts, hours=st.integers(min_value=0, max_value=400))
def test_working_time_between_start_and_deadline_is_the_amount(start, hours):
    # Holds for starts outside working time too: the time before the first working moment counts zero.
    assert working_time_between(start, add_working_time(start, hours, WORK_HOUR)) == timedelta(hours=hours)


@property_settings
@given(start=starts, quarters=st.integers(min_value=1, max_value=400))
def test_start_outside_working_time_counts_from_the_next_working_moment(start, quarters):
    amount = Decimal(quarters) / 4
    assert add_working_time(start, amount, WORK_HOUR) == add_working_time(next_working_moment(start), amount, WORK_HOUR)


@property_settings
@given(start=starts, smaller=st.integers(min_value=0, max_value=2000), more=st.integers(min_value=1, max_value=2000))
def test_more_working_time_means_a_later_deadline(start, smaller, more):
    earlier = add_working_time(start, Decimal(smaller) / 10, WORK_HOUR)
    assert earlier < add_working_time(start, Decimal(smaller + more) / 10, WORK_HOUR)


@property_settings
@given(start=starts, hours=st.integers(min_value=1, max_value=400))
def test_deadline_ends_inside_working_time(start, hours):
    due = add_working_time(start, hours, WORK_HOUR)
    just_before = due - timedelta(microseconds=1)
    assert working_time_between(just_before, due) == timedelta(microseconds=1)
