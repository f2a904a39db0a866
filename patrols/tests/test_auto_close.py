from patrols.coverage import auto_close_sessions
from patrols.ingest import ingest_points
from patrols.models import SessionStatus
from patrols.services import session_start
from patrols.tests.conftest import at, walk


def test_a_patrol_never_ended_is_closed_at_its_last_position_with_a_flag(world):
    session, _ = session_start(user=world.patroller, now=at("2026-11-30 08:00"))
    x, y = world.grid.min_lng + 0.002, world.grid.min_lat + 0.002
    points = walk([(x, y), (x + 0.004, y)], at("2026-11-30 08:00"))
    ingest_points(session=session, batch_id="b", points=points, now=at("2026-11-30 08:10"))
    assert auto_close_sessions(now=at("2026-11-30 15:59")) == 0  # 8 hours not yet over
    assert auto_close_sessions(now=at("2026-11-30 16:01")) == 1
    session.refresh_from_db()
    assert session.status == SessionStatus.AUTO_CLOSED
    assert session.ended_at == session.last_point_at
    assert session.flags == ["not_ended"] and not session.counted
    assert session.distance_m > 300
    assert auto_close_sessions(now=at("2026-11-30 17:00")) == 0  # once


def test_a_new_patrol_can_start_after_the_stale_one_was_closed(world):
    old, _ = session_start(user=world.patroller, now=at("2026-11-29 08:00"))
    auto_close_sessions(now=at("2026-11-30 08:00"))
    new, created = session_start(user=world.patroller, now=at("2026-11-30 08:05"))
    assert created and new.pk != old.pk
