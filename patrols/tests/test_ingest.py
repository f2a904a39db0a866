from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from patrols.ingest import ingest_points
from patrols.models import PointBatch, TrackPoint
from patrols.services import session_end, session_start
from patrols.tests.conftest import at


def _points(world, start, n=5, step=10):
    lng, lat = world.grid.min_lng + 0.002, world.grid.min_lat + 0.002
    return [
        {"lng": lng + i * 0.0001, "lat": lat, "t": (start + timedelta(seconds=i * step)).isoformat()} for i in range(n)
    ]


@pytest.fixture
def session(world):
    session, _ = session_start(user=world.patroller, now=at("2026-11-30 09:00"))
    return session


def test_a_batch_is_stored_and_counted(world, session):
    result = ingest_points(
        session=session, batch_id="b1", points=_points(world, at("2026-11-30 09:00")), now=at("2026-11-30 09:05")
    )
    assert (result.accepted, result.duplicates, result.rejected) == (5, 0, 0)
    session.refresh_from_db()
    assert session.point_count == 5
    assert session.last_point_at == at("2026-11-30 09:00:40")


def test_the_same_batch_sent_twice_is_stored_once_and_answered_the_same(world, session):
    points = _points(world, at("2026-11-30 09:00"))
    first = ingest_points(session=session, batch_id="b1", points=points, now=at("2026-11-30 09:05"))
    again = ingest_points(session=session, batch_id="b1", points=points, now=at("2026-11-30 09:06"))
    assert again.replayed and again.accepted == first.accepted == 5
    assert TrackPoint.objects.filter(session=session).count() == 5
    assert PointBatch.objects.get(session=session, batch_id="b1").replays == 1


def test_overlapping_batches_and_repeats_within_a_batch_count_as_duplicates(world, session):
    points = _points(world, at("2026-11-30 09:00"), n=6)
    ingest_points(session=session, batch_id="b1", points=points[:4], now=at("2026-11-30 09:05"))
    result = ingest_points(session=session, batch_id="b2", points=[*points[2:], points[5]], now=at("2026-11-30 09:05"))
    assert (result.accepted, result.duplicates) == (2, 3)
    session.refresh_from_db()
    assert (session.point_count, session.duplicate_count) == (6, 3)


def test_positions_arriving_out_of_order_are_read_by_capture_time(world, session):
    points = _points(world, at("2026-11-30 09:00"), n=6)
    ingest_points(session=session, batch_id="late", points=points[3:], now=at("2026-11-30 09:05"))
    ingest_points(session=session, batch_id="early", points=points[:3], now=at("2026-11-30 09:06"))
    lngs = list(session.points.order_by("captured_at").values_list("lng", flat=True))
    assert lngs == sorted(lngs)


@pytest.mark.parametrize(
    ("point", "reason"),
    [
        ({"lng": 200, "lat": 36.6}, "bad_coordinates"),
        ({"lng": "abc", "lat": 36.6}, "bad_coordinates"),
        ({"lng": 0, "lat": 0}, "bad_coordinates"),
        ({"lng": 116.96, "lat": None}, "bad_coordinates"),
        ({"lng": 116.965, "lat": 36.675, "t": "yesterday"}, "bad_time"),
        ({"lng": 116.965, "lat": 36.675, "t": "2026-11-30T10:00:00+08:00"}, "future"),
        ({"lng": 116.965, "lat": 36.675, "t": "2026-11-01T09:00:00+08:00"}, "too_old"),
        ({"lng": 116.965, "lat": 36.675, "t": "2026-11-30T07:00:00+08:00"}, "before_start"),
    ],
)
def test_impossible_positions_are_rejected_and_recorded_with_their_reason(world, session, point, reason):
    point = {"t": "2026-11-30T09:01:00+08:00", **point}
    good = _points(world, at("2026-11-30 09:00"), n=2)
    result = ingest_points(session=session, batch_id="b1", points=[*good, point], now=at("2026-11-30 09:05"))
    assert (result.accepted, result.rejected, result.reasons) == (2, 1, {reason: 1})
    batch = PointBatch.objects.get(batch_id="b1")
    assert batch.reasons == {reason: 1} and batch.samples[0]["reason"] == reason
    session.refresh_from_db()
    assert session.rejected_count == 1


def test_epoch_milliseconds_and_gcj02_positions_are_accepted(world, session):
    moment = at("2026-11-30 09:01")
    point = {"lng": 116.9700, "lat": 36.6760, "t": int(moment.timestamp() * 1000)}
    result = ingest_points(session=session, batch_id="b1", points=[point], crs="gcj02", now=at("2026-11-30 09:05"))
    assert result.accepted == 1
    stored = session.points.get()
    assert stored.captured_at == moment
    assert stored.lng < 116.9700  # converted to WGS-84 (GCJ-02 is offset to the east here)


@pytest.mark.parametrize(
    ("batch_id", "points", "crs", "field"),
    [
        ("", [{"lng": 1}], "wgs84", "batch_id"),
        ("b" * 65, [{"lng": 1}], "wgs84", "batch_id"),
        ("b1", [], "wgs84", "points"),
        ("b1", "nope", "wgs84", "points"),
        ("b1", [{}] * 5001, "wgs84", "points"),
        ("b1", [{}], "utm", "crs"),
    ],
)
def test_a_malformed_batch_is_a_field_error(world, session, batch_id, points, crs, field):
    with pytest.raises(ValidationError) as caught:
        ingest_points(session=session, batch_id=batch_id, points=points, crs=crs, now=at("2026-11-30 09:05"))
    assert field in caught.value.message_dict


def test_positions_buffered_offline_arriving_after_the_end_update_the_summary(
    world, session, django_capture_on_commit_callbacks
):
    points = _points(world, at("2026-11-30 09:00"), n=10)
    ingest_points(session=session, batch_id="b1", points=points[:5], now=at("2026-11-30 09:05"))
    ended = session_end(session=session, actor=world.patroller, now=at("2026-11-30 09:10"))
    before = ended.distance_m
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest_points(session=ended, batch_id="b2", points=points[5:], now=at("2026-11-30 09:20"))
    assert result.accepted == 5
    ended.refresh_from_db()
    assert ended.distance_m > before * 1.8


def test_positions_after_the_end_of_a_patrol_are_rejected(world, session):
    ended = session_end(session=session, actor=world.patroller, now=at("2026-11-30 09:10"))
    late = [{"lng": 116.965, "lat": 36.675, "t": "2026-11-30T09:30:00+08:00"}]
    result = ingest_points(session=ended, batch_id="b9", points=late, now=at("2026-11-30 09:40"))
    assert result.reasons == {"after_end": 1}
