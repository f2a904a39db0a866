"""Implausible tracks are flagged and not counted until a reviewer accepts them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from patrols.coverage import compute_day_coverage
from patrols.demo import TRACK_C01, replay
from patrols.ingest import ingest_points
from patrols.models import GridDayCoverage
from patrols.services import session_end, session_review, session_start
from patrols.tests.conftest import at, walk


def _patrol(world, points, *, start="2026-11-30 09:00", grid=None):
    session, _ = session_start(user=world.patroller, grid=grid or world.grid, now=at(start))
    end = max(at(start), *(at(p["t"][:19].replace("T", " ")) for p in points)) + timedelta(minutes=1)
    ingest_points(session=session, batch_id="b", points=points, now=end)
    return session_end(session=session, actor=world.patroller, now=end)


def _inside(world):
    return world.grid.min_lng + 0.0015, world.grid.min_lat + 0.0015


def test_a_walk_is_not_flagged(world):
    x, y = _inside(world)
    session = _patrol(world, walk([(x, y), (x + 0.005, y), (x + 0.005, y + 0.004)], at("2026-11-30 09:00")))
    assert session.flags == [] and session.counted


def test_a_track_driven_by_car_is_too_fast(world):
    x, y = _inside(world)
    points = walk([(x, y), (x + 0.006, y), (x + 0.006, y + 0.006)], at("2026-11-30 09:00"), speed_ms=12)  # 43 km/h
    session = _patrol(world, points)
    assert "too_fast" in session.flags and not session.counted
    assert session.max_speed_kmh > 40


def test_a_single_jump_of_a_kilometre_is_flagged(world):
    x, y = _inside(world)
    points = walk([(x, y), (x + 0.003, y)], at("2026-11-30 09:00"))
    last = at("2026-11-30 09:00") + timedelta(seconds=len(points) * 10)
    points.append({"lng": x + 0.003, "lat": y + 0.009, "t": (last + timedelta(seconds=5)).isoformat()})  # 1 km in 5 s
    session = _patrol(world, points)
    assert "jump" in session.flags
    assert session.flag_details["longest_jump_m"] > 900


def test_a_patrol_mostly_outside_its_grid_is_flagged(world):
    far_x, far_y = world.grid2.max_lng - 0.002, world.grid2.max_lat - 0.002  # in the neighbouring grid
    points = walk([(far_x, far_y), (far_x - 0.004, far_y)], at("2026-11-30 09:00"))
    session = _patrol(world, points)
    assert session.flags == ["outside_grid"]
    assert session.outside_share > 0.9


def test_the_same_track_on_another_day_is_flagged(world):
    first = replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-29 09:00"))
    second = replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-30 09:00"))
    assert first.counted and first.flags == []
    assert second.flags == ["identical_track"]
    assert second.flag_details["same_as"] == {"session": first.pk, "day": "2026-11-29"}


def test_a_patrol_without_positions_is_flagged(world):
    session, _ = session_start(user=world.patroller, now=at("2026-11-30 09:00"))
    session = session_end(session=session, actor=world.patroller, now=at("2026-11-30 10:00"))
    assert session.flags == ["no_points"] and not session.counted


def test_a_flagged_patrol_does_not_cover_its_grid_until_accepted(world):
    x, y = _inside(world)
    points = walk([(x, y), (x + 0.006, y)], at("2026-11-30 09:00"), speed_ms=12)
    session = _patrol(world, points)
    compute_day_coverage(day=session.day)
    row = GridDayCoverage.objects.get(grid=world.grid, day=session.day)
    assert (row.patrolled, row.flagged_sessions, row.covered_share) == (False, 1, 0)
    session_review(session=session, actor=world.shift_lead, accept=True, note="骑电动车巡查，经核实")
    compute_day_coverage(day=session.day)
    row.refresh_from_db()
    assert row.patrolled and row.covered_share > 0


def test_a_patroller_cannot_review_their_own_flagged_patrol(world):
    session = _patrol(world, walk([(116.965, 36.675), (116.975, 36.675)], at("2026-11-30 09:00"), speed_ms=15))
    with pytest.raises(ValidationError):
        session_review(session=session, actor=world.patroller, accept=True)
