"""The incremental rollups equal a recomputation from the events, and each event is applied once."""

from collections import Counter as Tally
from datetime import date

import pytest

from cases.models import CaseEvent
from cases.sweep import sweep_deadlines
from cases.tests.conftest import at, photo
from command import rollup
from command.kpis import COUNTERS
from command.models import COUNTER_FIELDS, DailyStat, MonthlyStat, RollupCursor, SubjectKind
from command.tests.scenario import close_after_disposal, file, go, report, to_disposed


def snapshot() -> dict:
    days = {
        ("day", row["day"], row["kind"], row["subject_id"]): tuple(row[f] for f in COUNTER_FIELDS)
        for row in DailyStat.objects.values("day", "kind", "subject_id", *COUNTER_FIELDS)
    }
    months = {
        ("month", row["month"], row["kind"], row["subject_id"]): tuple(row[f] for f in COUNTER_FIELDS)
        for row in MonthlyStat.objects.values("month", "kind", "subject_id", *COUNTER_FIELDS)
    }
    return days | months


def busy_week(world):
    """A mix of every path the KPIs count, in two communities, with a sweep in between."""
    a = to_disposed(
        world,
        file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:05"),
        dispatch="2026-11-30 09:10",
        accept="2026-11-30 09:20",
        dispose="2026-11-30 10:00",
    )
    a = go(a, "verify_fail", world.patroller, "2026-11-30 10:30", reason="没扫干净")
    a = go(a, "accept", world.handler, "2026-11-30 10:40")
    a = go(a, "dispose", world.handler, "2026-11-30 11:00", feedback="已清理", photos_after=[photo()])
    close_after_disposal(world, a, verify="2026-11-30 11:10", close="2026-11-30 11:20")

    b = file(world, report(world, "2026-11-30 09:30", grid=world.grid2, actor=world.patroller2), "2026-11-30 09:40")
    b = go(b, "dispatch", world.dispatcher, "2026-11-30 09:50", department=world.sz)
    b = go(b, "return_", world.handler_sz, "2026-11-30 10:00", reason="不归市政管")
    b = go(b, "redispatch", world.dispatcher, "2026-11-30 10:10", department=world.hw)
    b = go(b, "accept", world.handler, "2026-11-30 10:20")
    b = go(b, "request_postpone", world.handler, "2026-11-30 10:30", reason="需要车辆", amount="4", unit="work_hour")
    go(b, "approve_postpone", world.shift_lead, "2026-11-30 10:40")

    c = file(world, report(world, "2026-11-30 11:00", source="citizen"), "2026-11-30 11:10")
    go(c, "dispatch", world.dispatcher, "2026-11-30 11:20", department=world.hw)
    sweep_deadlines(at("2026-12-01 17:00"))
    go(c, "supervise", world.commander, "2026-12-01 17:10", message="尽快处理")
    go(report(world, "2026-12-01 09:00"), "void", world.operator, "2026-12-01 09:10", reason="无效")
    self_fixed = report(world, "2026-12-02 09:00")
    go(self_fixed, "self_dispose", world.patroller, "2026-12-02 09:05", photos_before=[photo()], photos_after=[photo()])


def test_incremental_rollups_equal_a_rebuild_from_the_events(world):
    busy_week(world)
    rollup.apply_pending()
    incremental = snapshot()
    assert incremental
    rollup.rebuild()
    assert snapshot() == incremental


def test_rollups_equal_counting_the_events_with_the_drill_down_filters(world):
    busy_week(world)
    rollup.apply_pending()
    units = rollup._Units()
    expected: Tally = Tally()
    for counter in COUNTERS:
        for rule in counter.rules:
            for actor_id, payload in CaseEvent.objects.filter(rule.q()).values_list("actor_id", "payload"):
                ctx = payload["kpi"]
                if counter.kind == SubjectKind.ORG:
                    units.load({ctx["org"]})
                    subjects = units.chain(ctx["org"])
                else:
                    subject = actor_id if rule.subject == "actor" else ctx.get(rule.subject)
                    subjects = [subject] if subject else []
                for subject in subjects:
                    expected[(counter.kind, subject, counter.code)] += 1
    got: Tally = Tally()
    for row in DailyStat.objects.values("kind", "subject_id", *COUNTER_FIELDS):
        for name in COUNTER_FIELDS:
            if row[name]:
                got[(row["kind"], row["subject_id"], name)] += row[name]
    assert got == expected
    assert expected[(SubjectKind.DEPARTMENT, world.sz.pk, "returned")] == 1
    assert expected[(SubjectKind.USER, world.dispatcher.pk, "misdispatched")] == 1
    assert expected[(SubjectKind.DEPARTMENT, world.hw.pk, "postponed")] == 1
    assert expected[(SubjectKind.ORG, world.operator.org_unit.pk, "public_filed")] == 1


def test_each_event_is_applied_once(world):
    file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:05")
    assert rollup.apply_pending() == 0  # the scenario applied them already
    street = world.operator.org_unit
    row = DailyStat.objects.get(kind=SubjectKind.ORG, subject_id=street.pk, day=date(2026, 11, 30))
    assert (row.reports, row.filed) == (1, 1)
    assert RollupCursor.objects.get().last_event_id == CaseEvent.objects.order_by("-pk").first().pk


@pytest.mark.django_db(transaction=True)
def test_the_cursor_waits_at_an_id_gap_until_it_is_old(settings):
    """PostgreSQL hands out ids before commit: a gap may be filled by a slower transaction."""
    from unittest import mock

    from django.db import connection

    settings.ROLLUP_GAP_GRACE_SECONDS = 30
    cursor = RollupCursor(name="x", last_event_id=10)
    rows = [(12, "report", None, {}, at("2026-11-30 09:00"))]
    with mock.patch.object(connection, "vendor", "postgresql"):
        assert rollup._ready(rows, cursor, at("2026-11-30 09:00")) == []
        assert rollup._ready(rows, cursor, at("2026-11-30 09:00:20")) == []
        assert rollup._ready(rows, cursor, at("2026-11-30 09:00:31")) == rows
    assert cursor.gap_seen_at is None


def test_a_rebuild_walks_past_the_gaps_the_cursor_had_passed(world, settings):
    """A report rolled back (a killed process, a lost race) leaves an id gap for ever on PostgreSQL."""
    from django.db import transaction

    file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:05")
    with pytest.raises(RuntimeError), transaction.atomic():
        report(world, "2026-11-30 09:30")
        raise RuntimeError("the process died")
    file(world, report(world, "2026-11-30 10:00"), "2026-11-30 10:05")
    settings.ROLLUP_GAP_GRACE_SECONDS = 0
    rollup.apply_pending()
    incremental = snapshot()
    assert RollupCursor.objects.get().last_event_id == CaseEvent.objects.order_by("-pk").first().pk

    settings.ROLLUP_GAP_GRACE_SECONDS = 30
    rollup.rebuild()
    assert snapshot() == incremental


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-11-30", "2026-12-02"),  # across a month end, no whole month
        ("2026-11-01", "2026-11-30"),  # exactly one month
        ("2026-11-15", "2027-01-10"),  # loose days, one whole month, loose days
        ("2025-12-01", "2026-12-31"),  # whole months only
    ],
)
def test_periods_read_from_months_and_days_equal_summing_the_days(world, start, end):
    from command.selectors import Period, period_counts

    busy_week(world)
    rollup.apply_pending()
    period = Period(date.fromisoformat(start), date.fromisoformat(end))
    street = world.operator.org_unit.pk
    expected = {
        name: sum(
            getattr(row, name)
            for row in DailyStat.objects.filter(
                kind=SubjectKind.ORG, subject_id=street, day__gte=period.start, day__lte=period.end
            )
        )
        for name in COUNTER_FIELDS
    }
    got = period_counts(kind=SubjectKind.ORG, subject_ids=[street], period=period).get(
        street, dict.fromkeys(COUNTER_FIELDS, 0)
    )
    assert got == expected
