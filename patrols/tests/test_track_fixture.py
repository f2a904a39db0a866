"""A recorded track replayed through the ingest: distance and coverage against hand computations."""

import itertools
import math

import shapely

from grids.coords import distance_m
from patrols.coverage import compute_day_coverage
from patrols.demo import TRACK_C01, read_track, replay
from patrols.models import GridDayCoverage
from patrols.selectors import grid_day_coverage
from patrols.tests.conftest import SQUARE_DLAT, SQUARE_DLNG, SQUARE_LAT, SQUARE_LNG, at, walk
from patrols.track import covered_share

R = 30  # the coverage buffer (PatrolSettings.buffer_m)


def _streets():
    import json

    return json.loads(TRACK_C01.read_text())["features"][0]["properties"]["streets"]


def _hand_length(corners) -> float:
    return sum(distance_m(*a, *b) for a, b in itertools.pairwise(corners))


def test_the_recorded_track_measures_the_streets_walked_within_2_percent(world):
    session = replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-30 09:00"))
    hand = _hand_length(_streets())  # 3 × 623 m east-west + 2 × 334 m north-south
    assert abs(session.distance_m - hand) / hand < 0.02
    assert session.point_count == len(read_track(TRACK_C01))
    assert session.flags == [] and session.counted


def test_the_recorded_track_covers_the_share_of_the_grid_computed_by_hand(world):
    session = replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-30 09:00"))
    compute_day_coverage(day=session.day, now=at("2026-11-30 12:00"))
    # A 60 m band along the serpentine: 2rL, plus two half-disc ends (πr²), and at each of the four
    # right-angle turns a quarter disc outside (πr²/4) and an r×r square counted twice inside.
    streets = _streets()
    hand = (2 * R * _hand_length(streets) + 2 * math.pi * R**2 - 4 * R**2) / world.grid.area_m2
    row = GridDayCoverage.objects.get(grid=world.grid, day=session.day)
    assert abs(row.covered_share - hand) / hand < 0.02
    assert row.patrolled and row.distance_m == session.distance_m
    assert grid_day_coverage(scope_path="", day=session.day) == {world.grid.pk: row.covered_share}


def test_coverage_of_a_square_grid_crossed_by_three_streets_matches_the_hand_computation(world):
    # 600 m square; two east-west streets at 150 m and 350 m and one north-south street at 300 m
    # cross it from edge to edge: 3 bands of 60 m × 600 m minus the two 60 m × 60 m crossings.
    def xy(x, y):
        return SQUARE_LNG + x / 600 * SQUARE_DLNG, SQUARE_LAT + y / 600 * SQUARE_DLAT

    corners = [xy(-100, 150), xy(700, 150), xy(700, 350), xy(-100, 350), xy(-100, 650), xy(300, 650), xy(300, -50)]
    points = walk(corners, at("2026-11-30 09:00"))
    line = shapely.LineString([(p["lng"], p["lat"]) for p in points])
    outline = shapely.box(SQUARE_LNG, SQUARE_LAT, SQUARE_LNG + SQUARE_DLNG, SQUARE_LAT + SQUARE_DLAT)
    hand = (3 * 60 * 600 - 2 * 60 * 60) / (600 * 600)  # 0.28
    assert abs(covered_share(outline, [line], buffer_m=R) - hand) < 0.003
