"""Reports made on the way, member statistics and the command centre's coverage figures."""

from datetime import date

import pytest

from cases.models import Category
from cases.services import case_report, transition
from cases.tests.conftest import photo
from patrols.coverage import compute_day_coverage
from patrols.demo import TRACK_C01, TRACK_C02, replay
from patrols.models import Shift
from patrols.selectors import coverage_today, grid_day_coverage, member_stats, team_stats
from patrols.services import roster_add
from patrols.tests.conftest import at, walk

DAY = date(2026, 11, 30)


def _report(world, when, text="垃圾"):
    case, _ = case_report(
        source="patrol", description=text, lng=116.965, lat=36.675, actor=world.patroller, now=at(when)
    )
    return case


@pytest.fixture
def patrol_with_reports(world):
    """09:00–09:35 patrol; three reports during it (one filed, one voided, one fixed on the spot), one after."""
    category = Category.objects.get(code="event-0102")
    operator = world.users["operator"]
    filed = _report(world, "2026-11-30 09:10")
    transition(
        case=filed,
        action="file",
        actor=operator,
        category=category,
        condition=category.conditions.first(),
        now=at("2026-11-30 09:40"),
    )
    voided = _report(world, "2026-11-30 09:12")
    transition(case=voided, action="void", actor=operator, reason="重复", now=at("2026-11-30 09:41"))
    fixed = _report(world, "2026-11-30 09:20")
    transition(
        case=fixed,
        action="self_dispose",
        actor=world.patroller,
        note="已清理",
        photos_before=[photo()],
        photos_after=[photo("after.jpg")],
        now=at("2026-11-30 09:21"),
    )
    _report(world, "2026-11-30 11:00")  # after the patrol: not linked
    return replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-30 09:00"))


def test_reports_made_during_the_patrol_are_linked_to_it(world, patrol_with_reports):
    kinds = sorted(patrol_with_reports.reports.values_list("kind", flat=True))
    assert kinds == ["report", "report", "report", "self_dispose"]


def test_member_stats_count_days_hours_km_and_valid_reports(world, patrol_with_reports):
    fast = walk([(116.962, 36.672), (116.968, 36.672)], at("2026-11-30 14:00"), speed_ms=15)
    from patrols.ingest import ingest_points
    from patrols.services import session_end, session_start

    flagged, _ = session_start(user=world.patroller, now=at("2026-11-30 14:00"))
    ingest_points(session=flagged, batch_id="b", points=fast, now=at("2026-11-30 14:10"))
    session_end(session=flagged, actor=world.patroller, now=at("2026-11-30 14:10"))
    rows = member_stats(scope_path="", start=DAY, end=DAY)
    assert len(rows) == 1
    row = rows[0]
    session = patrol_with_reports
    assert row["user_id"] == world.patroller.pk
    assert row["patrol_days"] == 1
    assert row["km"] == round(session.distance_m / 1000, 2)
    assert row["hours"] == round(session.duration_s / 3600, 2)
    assert (row["reports"], row["valid_reports"], row["self_disposed"]) == (3, 1, 1)
    assert row["flagged_sessions"] == 1
    assert team_stats(scope_path="", start=DAY, end=DAY)[0]["team_id"] == world.team.pk


def test_stats_follow_the_org_unit_path(world, patrol_with_reports):
    assert member_stats(scope_path=world.grid.org_unit.path, start=DAY, end=DAY)
    assert member_stats(scope_path=world.grid2.org_unit.path, start=DAY, end=DAY) == []


def test_member_stats_take_a_bounded_number_of_queries(world, patrol_with_reports, django_assert_max_num_queries):
    replay(path=TRACK_C02, user=world.patroller2, grid=world.grid2, start=at("2026-11-30 10:00"))
    with django_assert_max_num_queries(2):
        assert len(member_stats(scope_path="", start=DAY, end=DAY)) == 2


def test_coverage_today_counts_patrolled_of_expected_grids_under_the_path(world):
    roster_add(actor=None, team=world.team, grid=world.grid, user=world.patroller, day=DAY, shift=Shift.MORNING)
    street = world.commander.org_unit.path
    # The team is assigned to 堤口庄, 化纤厂路 and the square grid: three to patrol, none patrolled yet.
    assert coverage_today(scope_path=street, day=DAY) == (0, 3)
    replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-30 09:00"))
    assert coverage_today(scope_path=street, day=DAY) == (1, 3)
    assert coverage_today(scope_path=world.grid2.org_unit.path, day=DAY) == (0, 1)


def test_grid_day_coverage_lists_only_grids_with_a_patrol(world):
    replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-30 09:00"))
    compute_day_coverage(day=DAY)
    shares = grid_day_coverage(scope_path="", day=DAY)
    assert list(shares) == [world.grid.pk] and 0.1 < shares[world.grid.pk] < 0.2
    assert grid_day_coverage(scope_path=world.grid2.org_unit.path, day=DAY) == {}


def test_check_points_passed_on_the_track_count_as_visited(world):
    from patrols.models import CheckPoint, GridDayCoverage

    CheckPoint.objects.create(grid=world.grid, name="市场", lng=116.9650, lat=36.6715)
    CheckPoint.objects.create(grid=world.grid, name="工地", lng=116.9630, lat=36.6790)  # not on the route
    session = replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-30 09:00"))
    assert [visit.checkpoint.name for visit in session.visits.all()] == ["市场"]
    compute_day_coverage(day=DAY)
    row = GridDayCoverage.objects.get(grid=world.grid, day=DAY)
    assert (row.checkpoints_visited, row.checkpoints_total) == (1, 2)
