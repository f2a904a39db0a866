"""Deadlines (时限) on the Chinese work calendar: the one place where working time is counted.

Units (`DeadlineUnit`):

- `work_hour`: hours inside `settings.WORK_PERIODS` on working days.
- `work_day`: one working day *of working time*, i.e. the total length of one day's periods
  (7.5 h with the default 08:30–12:00 and 13:30–17:30). A case filed Monday 10:00 with 1 working day
  is due Tuesday 10:00, and 2 working days are exactly 15 working hours. We chose this over "until the
  end of the Nth working day" so that a case filed at 17:00 gets as much working time as one filed at
  09:00, and so that pausing (挂账) and resuming work the same way for every unit.
- `hour`: natural clock hours, counted continuously, nights and holidays included (urgent cases).
- `day`: natural days: the same local clock time N calendar days later.

Working days are Mon–Fri unless a `CalendarDay` says `off`, plus Sat/Sun that a `CalendarDay` says are
`workday` (调休上班). A start outside working time begins counting at the next working moment (a case
filed on a holiday starts counting on the first working morning after it). A deadline that ends exactly
at the end of a period stays there (17:30); it does not jump to the next morning. Adding zero returns
the start unchanged.

Unpublished years (see shared/reference/holidays.README.md): a year without a `published`
`CalendarYear` has no official holiday data, and nobody may guess it. A deadline that reaches such a
year is computed with the rows that exist (normally none: weekends only) and returned as *provisional*
with the missing years named, a WARNING is logged and the year is recorded as `missing` in
`CalendarYear`, so admins see it. Nothing raises. Callers store `provisional` and recompute once the
year is published. Late December is provisional too while next year is missing, because next year's
notice may move those days (the 2019 notice made 2018-12-29 a working Saturday).

Speed: no call queries the database. The calendar is held in-process as one snapshot over a range of
years (per day the working time before it, per working day its date and cumulative working time), so a
call is a list lookup and two bisections, ~2–3 µs. Every process re-checks a database fingerprint (row
counts and latest `updated_at` of both tables) at most every `RECHECK_SECONDS` (30 s), and drops its
snapshot at once on post_save/post_delete of `CalendarDay`/`CalendarYear`. We use the database, not a
version in Django's cache, because the embedded install's cache is per-process locmem that the Huey
worker and the other gunicorn workers never see. So edit through `save()`/`delete()`, the admin or
`load_holidays` (a bare `QuerySet.update()` that leaves `updated_at` alone goes unnoticed).
Tests call `reset_calendar_cache()`.
"""

import logging
import math
import threading
import time
from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as clock_time
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import DatabaseError, models, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The calendar models are imported inside functions, so that models.py may import DeadlineUnit from here.

logger = logging.getLogger(__name__)

# How often each process compares its snapshot with the database (seconds).
RECHECK_SECONDS = 30
# How often each process writes "still needed" for a missing year to CalendarYear (seconds).
RECORD_MISSING_EVERY_SECONDS = 300
# From this day of December on, dates are provisional while next year's notice is missing (12月下旬).
# None would make only dates inside the missing year provisional.
LATE_DECEMBER_FROM_DAY: int | None = 21
# Years loaded beyond the last year with data; further years are added on demand.
YEARS_AHEAD = 5
MIN_YEAR, MAX_YEAR = 1970, 2200

_US = timedelta(microseconds=1)
_HOUR_US = 3_600_000_000
_DAY_US = 24 * _HOUR_US


class DeadlineUnit(models.TextChoices):
    WORK_HOUR = "work_hour", _("working hours")
    WORK_DAY = "work_day", _("working days")
    HOUR = "hour", _("clock hours")
    DAY = "day", _("natural days")


_WORK_HOUR, _WORK_DAY = DeadlineUnit.WORK_HOUR.value, DeadlineUnit.WORK_DAY.value  # plain str: faster to compare


class Deadline(NamedTuple):  # a tuple: built several times per transition, and cheaper than a frozen dataclass
    due_at: datetime
    provisional: bool = False
    missing_years: tuple[int, ...] = ()


class _Calendar:
    """An immutable snapshot of the working time of whole years, in local wall-clock microseconds.

    Per day (index = ordinal - base): the working time before it. Per working day: its date and the
    working time up to its end. Within a day: the period bounds. Asia/Shanghai has had no DST since
    1991, so wall-clock arithmetic is exact here.
    """

    __slots__ = (
        *("base", "bound_cum", "bounds", "day_cum", "day_us", "first_year", "fingerprint", "kinds", "last_year"),
        *("period_cum_end", "period_end", "periods", "published", "total", "tz", "work_cum_end", "work_ymd"),
        *("missing", "working"),
    )

    def __init__(self, *, kinds, published, periods, tz, first_year, last_year, fingerprint) -> None:
        self.kinds, self.published, self.periods, self.tz = kinds, published, periods, tz
        self.first_year, self.last_year, self.fingerprint = first_year, last_year, fingerprint
        self.missing: dict[tuple[int, int, bool], tuple[int, ...]] = {}  # missing_years, remembered
        self.bounds, self.bound_cum, self.period_end, self.period_cum_end = [], [], [], []
        day_us = 0
        for start, end in periods:
            self.bounds += [_clock_us(start), _clock_us(end)]
            self.bound_cum += [day_us, day_us + _clock_us(end) - _clock_us(start)]
            day_us += _clock_us(end) - _clock_us(start)
            self.period_end.append(_clock_us(end))
            self.period_cum_end.append(day_us)
        self.day_us = day_us
        self.base = date(first_year, 1, 1).toordinal()
        self.day_cum, self.working, self.work_cum_end, self.work_ymd, total = [], bytearray(), [], [], 0
        for ordinal in range(self.base, date(last_year + 1, 1, 1).toordinal()):
            day = date.fromordinal(ordinal)
            kind = kinds.get(day)
            is_working = kind == "workday" or (kind is None and day.weekday() < 5)
            self.day_cum.append(total)
            self.working.append(is_working)
            if is_working:
                total += day_us
                self.work_cum_end.append(total)
                self.work_ymd.append((day.year, day.month, day.day))
        self.total = total

    def widened(self, first_year: int, last_year: int) -> "_Calendar":
        if first_year < MIN_YEAR or last_year > MAX_YEAR:
            raise ValueError(f"deadlines are supported between {MIN_YEAR} and {MAX_YEAR} only")
        return _Calendar(
            kinds=self.kinds,
            published=self.published,
            periods=self.periods,
            tz=self.tz,
            first_year=first_year,
            last_year=last_year,
            fingerprint=self.fingerprint,
        )

    def offset(self, index: int, tod: int) -> int:
        """Working microseconds from the snapshot's start to day `index`, time of day `tod` (µs)."""
        before = self.day_cum[index]
        if not self.working[index]:
            return before
        i = bisect_right(self.bounds, tod)
        if not i:
            return before
        return before + self.bound_cum[i - 1] + (tod - self.bounds[i - 1] if i & 1 else 0)

    def moment(self, target: int) -> datetime:
        """The local moment at which `target` working microseconds (0 < target <= total) are reached."""
        m = bisect_left(self.work_cum_end, target)
        rest = target - self.work_cum_end[m] + self.day_us
        p = bisect_left(self.period_cum_end, rest)
        seconds, micro = divmod(self.period_end[p] - self.period_cum_end[p] + rest, 1_000_000)
        minutes, seconds = divmod(seconds, 60)
        year, month, day = self.work_ymd[m]
        return datetime(year, month, day, minutes // 60, minutes % 60, seconds, micro, self.tz)

    def missing_years(self, first: date, last: date) -> tuple[int, ...]:
        """Unpublished years whose calendar decides a computation running from `first` to `last`."""
        # Late December depends on next year's notice too (holidays.README.md, rule 3: the 2019 notice
        # moved 2018-12-29..31), so it is provisional even when the computation stays in this year.
        late = LATE_DECEMBER_FROM_DAY is not None and last.month == 12 and last.day >= LATE_DECEMBER_FROM_DAY
        key = (first.year, last.year, late)
        found = self.missing.get(key)
        if found is None:  # the snapshot never changes: each span of years is worked out once
            years = [year for year in range(first.year, last.year + 1) if year not in self.published]
            if late and last.year + 1 not in self.published:
                years.append(last.year + 1)
            found = self.missing[key] = tuple(years)
        return found


def _clock_us(value: clock_time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _work_periods() -> tuple[tuple[clock_time, clock_time], ...]:
    periods = tuple(
        (clock_time.fromisoformat(start), clock_time.fromisoformat(end)) for start, end in settings.WORK_PERIODS
    )
    if (
        not periods
        or any(start >= end for start, end in periods)
        or any(periods[i][1] > periods[i + 1][0] for i in range(len(periods) - 1))
    ):
        raise ImproperlyConfigured("WORK_PERIODS must be ordered, non-overlapping (start, end) pairs within one day")
    return periods


# --- The in-process snapshot ------------------------------------------------------------

_lock = threading.RLock()
_snapshot: _Calendar | None = None
_recheck_at = 0.0
_missing_noted: dict[int, float] = {}


def _fingerprint() -> tuple:
    from cases.models import CalendarDay, CalendarYear

    days = CalendarDay.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    years = CalendarYear.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    return days["count"], days["latest"], years["count"], years["latest"]


def _load(fingerprint: tuple) -> _Calendar:
    from cases.models import CalendarDay, CalendarYear, YearStatus

    # Rows are applied in every year; a year's status only decides whether results there are final.
    kinds = dict(CalendarDay.objects.values_list("date", "kind"))
    published = frozenset(CalendarYear.objects.filter(status=YearStatus.PUBLISHED).values_list("year", flat=True))
    years = {day.year for day in kinds} | set(published) | {timezone.localdate().year}
    return _Calendar(
        kinds=kinds,
        published=published,
        periods=_work_periods(),
        tz=timezone.get_default_timezone(),
        first_year=max(min(years) - 1, MIN_YEAR),
        last_year=min(max(years) + YEARS_AHEAD, MAX_YEAR),
        fingerprint=fingerprint,
    )


def _calendar() -> _Calendar:
    snapshot = _snapshot
    if snapshot is not None and time.monotonic() < _recheck_at:
        return snapshot
    return _refresh()


def _refresh() -> _Calendar:
    global _snapshot, _recheck_at
    with _lock:
        now = time.monotonic()
        snapshot = _snapshot
        if snapshot is not None and now < _recheck_at:
            return snapshot
        try:
            fingerprint = _fingerprint()
        except DatabaseError:
            if snapshot is None:
                raise
            logger.warning("could not check the work calendar for changes; using the loaded one", exc_info=True)
            fingerprint = snapshot.fingerprint
        if snapshot is None or snapshot.fingerprint != fingerprint:
            snapshot = _snapshot = _load(fingerprint)
        _recheck_at = now + RECHECK_SECONDS
        return snapshot


def _covering(cal: _Calendar, year: int) -> _Calendar:
    """The snapshot, widened (and kept for the next calls) if `year` lies outside it."""
    global _snapshot
    if cal.first_year <= year <= cal.last_year:
        return cal
    wider = cal.widened(min(cal.first_year, year), max(cal.last_year, year + YEARS_AHEAD))
    with _lock:
        if _snapshot is cal:
            _snapshot = wider
    return wider


def _drop_snapshot(**kwargs) -> None:
    global _snapshot, _recheck_at
    with _lock:
        _snapshot, _recheck_at = None, 0.0


def reset_calendar_cache() -> None:
    """Forget the loaded calendar and the missing-year throttle of this process (tests, imports)."""
    _drop_snapshot()
    _missing_noted.clear()


def _on_calendar_change(sender, using: str = "default", **kwargs) -> None:
    _drop_snapshot()
    # Again after commit: another thread may have reloaded from the old rows meanwhile.
    transaction.on_commit(_drop_snapshot, using=using)


def _on_setting_changed(setting: str, **kwargs) -> None:
    if setting in ("WORK_PERIODS", "TIME_ZONE"):
        _drop_snapshot()


# A process that never imported this module holds no snapshot, so connecting here is enough.
for _model in ("cases.CalendarDay", "cases.CalendarYear"):
    post_save.connect(_on_calendar_change, sender=_model, dispatch_uid=f"deadlines-save-{_model}")
    post_delete.connect(_on_calendar_change, sender=_model, dispatch_uid=f"deadlines-delete-{_model}")
setting_changed.connect(_on_setting_changed, dispatch_uid="deadlines-setting-changed")


# --- Working time -------------------------------------------------------------------------


def _amount_us(amount: int | float | Decimal, unit_us: int) -> int:
    if type(amount) is int:
        us = amount * unit_us
    elif isinstance(amount, int | float | Decimal) and not isinstance(amount, bool) and math.isfinite(amount):
        us = round(amount * unit_us)
    else:
        raise TypeError(f"a deadline amount must be a finite number, not {amount!r}")
    if us < 0:
        raise ValueError("a deadline amount cannot be negative")
    return us


def _local(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is tz:
        return moment
    if moment.utcoffset() is None:
        raise ValueError("deadline arithmetic needs timezone-aware datetimes")
    return moment.astimezone(tz)


def _offset(cal: _Calendar, moment: datetime) -> int:
    """Working microseconds from the snapshot's start to `moment` (local, inside the snapshot's years)."""
    tod = ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond
    return cal.offset(moment.toordinal() - cal.base, tod)


def _add(start: datetime, amount: int | float | Decimal, unit: str) -> tuple[datetime, _Calendar | None]:
    if unit in (_WORK_HOUR, _WORK_DAY):
        cal = _calendar()
        start = _local(start, cal.tz)
        us = _amount_us(amount, _HOUR_US if unit == _WORK_HOUR else cal.day_us)
        if not us:
            return start, cal
        cal = _covering(cal, start.year)
        target = _offset(cal, start) + us
        while target > cal.total:
            cal = _covering(cal, cal.last_year + 1 + (target - cal.total) // (200 * cal.day_us))
        return cal.moment(target), cal
    tz = timezone.get_default_timezone()
    if unit == DeadlineUnit.HOUR:  # elapsed time: counted in UTC
        return (_local(start, UTC) + timedelta(microseconds=_amount_us(amount, _HOUR_US))).astimezone(tz), None
    if unit == DeadlineUnit.DAY:  # same local clock time N days later
        return (_local(start, tz) + timedelta(microseconds=_amount_us(amount, _DAY_US))).astimezone(tz), None
    raise ValueError(f"unknown deadline unit {unit!r}")


def add_working_time(start: datetime, amount: int | float | Decimal, unit: str) -> datetime:
    """The moment `amount` units (a DeadlineUnit) after the aware `start`, in local time. Rules: module docstring."""
    return _add(start, amount, unit)[0]


def working_time_between(a: datetime, b: datetime) -> timedelta:
    """Working time from a to b, negative if b is before a: the time left of a deadline, or used before a pause."""
    cal = _calendar()
    a, b = _local(a, cal.tz), _local(b, cal.tz)
    cal = _covering(_covering(cal, a.year), b.year)
    return timedelta(microseconds=_offset(cal, b) - _offset(cal, a))


def next_working_moment(moment: datetime) -> datetime:
    """`moment` itself if it lies in working time, else the start of the next working period, in local time."""
    cal = _calendar()
    moment = _local(moment, cal.tz)
    cal = _covering(_covering(cal, moment.year), moment.year + 1)
    # One microsecond of work after `moment`, minus that microsecond.
    return cal.moment(_offset(cal, moment) + 1) - _US


def compute_deadline(start: datetime, amount: int | float | Decimal, unit: str) -> Deadline:
    """The due moment, flagged provisional when it depends on a year whose holiday notice is not loaded."""
    due_at, cal = _add(start, amount, unit)
    if cal is None:  # natural hours and days do not depend on the calendar
        return Deadline(due_at)
    missing = cal.missing_years(_local(start, cal.tz), due_at)
    if not missing:
        return Deadline(due_at)
    _note_missing(missing)
    return Deadline(due_at, True, missing)


def _note_missing(years: tuple[int, ...]) -> None:
    """Log and record missing years, at most once per year per process every RECORD_MISSING_EVERY_SECONDS."""
    now = time.monotonic()
    due = [year for year in years if now - _missing_noted.get(year, -math.inf) >= RECORD_MISSING_EVERY_SECONDS]
    if not due:
        return
    for year in due:
        _missing_noted[year] = now
        logger.warning("work calendar for %s missing; deadline is provisional", year)
    try:
        _record_missing(due)
    except DatabaseError:
        logger.exception("could not record the missing work calendar years %s", due)


def _record_missing(years: list[int]) -> None:
    from cases.models import CalendarYear, YearStatus

    now = timezone.now()
    # A savepoint when the caller is in a transaction, so a failure here does not break the caller's.
    # bulk_create and update() send no post_save: recording a missing year does not drop the snapshot.
    with transaction.atomic():
        new_rows = [CalendarYear(year=year, missing_since=now, last_needed_at=now) for year in years]
        CalendarYear.objects.bulk_create(new_rows, ignore_conflicts=True)
        rows = CalendarYear.objects.filter(year__in=years).exclude(status=YearStatus.PUBLISHED)
        rows.update(last_needed_at=now)
        rows.filter(missing_since__isnull=True).update(missing_since=now)


def missing_calendar_years(*, today: date | None = None) -> list[int]:
    """Years that deadlines need but whose holiday notice is not loaded: the admins' to-do list.

    Every year recorded as needed and not published, plus the current year, plus next year from late
    December on (its notice may move late-December days), when those are not published.
    """
    from cases.models import CalendarYear, YearStatus

    today = today or timezone.localdate()
    statuses = dict(CalendarYear.objects.values_list("year", "status"))
    needed = {year for year, status in statuses.items() if status != YearStatus.PUBLISHED} | {today.year}
    if LATE_DECEMBER_FROM_DAY is not None and today >= date(today.year, 12, LATE_DECEMBER_FROM_DAY):
        needed.add(today.year + 1)
    return sorted(year for year in needed if statuses.get(year) != YearStatus.PUBLISHED)
