"""Staff pages and the phone page: who may open them, and data scope (another unit's rows are 404)."""

from datetime import date

import pytest

from accounts.models import RoleCode
from accounts.tests.factories import make_user
from patrols.coverage import compute_day_coverage
from patrols.demo import TRACK_C01, replay
from patrols.models import DutyStatus, RosterEntry, Shift
from patrols.services import roster_add
from patrols.tests.conftest import at

DAY = date(2026, 11, 30)


@pytest.fixture
def patrolled(world):
    session = replay(path=TRACK_C01, user=world.patroller, grid=world.grid, start=at("2026-11-30 09:00"))
    compute_day_coverage(day=DAY)
    return session


@pytest.fixture
def neighbour(world):
    """A commander of 化纤厂路社区: sees that community only."""
    return make_user(unit=world.grid2.org_unit, roles=[RoleCode.COMMANDER])


def test_the_coverage_map_lists_covered_and_uncovered_grids(client, world, patrolled):
    client.force_login(world.commander)
    page = client.get("/patrols/?day=2026-11-30")
    assert page.status_code == 200
    text = page.content.decode()
    assert "coverage-covered" in text and "coverage-uncovered" in text
    data = client.get("/patrols/coverage.json?day=2026-11-30").json()
    states = {f["properties"]["name"]: f["properties"]["state"] for f in data["grids"]["features"]}
    assert states[world.grid.name] == "covered" and states[world.grid2.name] == "uncovered"
    assert [t["properties"]["id"] for t in data["tracks"]["features"]] == [patrolled.pk]


def test_the_coverage_map_shows_only_grids_and_tracks_in_scope(client, neighbour, world, patrolled):
    client.force_login(neighbour)
    data = client.get("/patrols/coverage.json?day=2026-11-30").json()
    assert [f["properties"]["name"] for f in data["grids"]["features"]] == [world.grid2.name]
    assert data["tracks"]["features"] == []


def test_a_patrol_of_another_unit_is_404(client, neighbour, world, patrolled):
    client.force_login(neighbour)
    assert client.get(f"/patrols/sessions/{patrolled.pk}/").status_code == 404
    assert client.get(f"/patrols/grids/{world.grid.pk}/").status_code == 404
    client.force_login(world.commander)
    page = client.get(f"/patrols/sessions/{patrolled.pk}/")
    assert page.status_code == 200 and f"{patrolled.distance_km:.2f} km" in page.content.decode()


def test_the_grid_calendar_shows_the_month(client, world, patrolled):
    client.force_login(world.commander)
    page = client.get(f"/patrols/grids/{world.grid.pk}/?month=2026-11")
    assert page.status_code == 200
    assert "table-success" in page.content.decode()


def test_a_reviewer_accepts_a_flagged_patrol_from_its_page(client, world):
    from patrols.services import session_auto_close, session_start

    session, _ = session_start(user=world.patroller, now=at("2026-11-30 08:00"))
    session_auto_close(session=session)
    client.force_login(world.shift_lead)
    client.post(f"/patrols/sessions/{session.pk}/review/", {"decision": "accept"})
    session.refresh_from_db()
    assert session.review == "accepted" and session.counted
    client.force_login(world.patroller)
    assert client.post(f"/patrols/sessions/{session.pk}/review/", {"decision": "reject"}).status_code == 403


def test_the_team_leader_adds_swaps_and_grants_leave(client, world):
    client.force_login(world.shift_lead)  # the team's leader
    url = f"/patrols/teams/{world.team.pk}/?month=2026-11"
    response = client.post(
        url, {"day": "2026-11-30", "shift": Shift.MORNING, "grid": world.grid.pk, "user": world.patroller.pk}
    )
    assert response.status_code == 302
    entry = RosterEntry.objects.get()
    client.post(f"/patrols/roster/{entry.pk}/change/", {"action": "swap", "user": world.patroller2.pk})
    entry.refresh_from_db()
    assert entry.user == world.patroller2
    client.post(f"/patrols/roster/{entry.pk}/change/", {"action": "leave"})
    entry.refresh_from_db()
    assert entry.status == DutyStatus.LEAVE
    assert "巡逻队" in client.get("/patrols/teams/").content.decode()


def test_a_patroller_who_does_not_lead_cannot_change_the_roster(client, world):
    entry = roster_add(actor=None, team=world.team, grid=world.grid, user=world.patroller, day=DAY, shift=Shift.DAY)
    client.force_login(make_user(unit=world.commander.org_unit, roles=[RoleCode.PATROLLER]))  # sees the team
    assert client.post(f"/patrols/roster/{entry.pk}/change/", {"action": "leave"}).status_code == 403
    response = client.post(f"/patrols/teams/{world.team.pk}/", {"day": "2026-11-30"})
    assert response.status_code == 403


def test_statistics_by_member_team_and_grid(client, world, patrolled, django_assert_max_num_queries):
    client.force_login(world.commander)
    for by in ("member", "team", "grid"):
        with django_assert_max_num_queries(20):
            page = client.get(f"/patrols/stats/?start=2026-11-01&end=2026-11-30&by={by}")
        assert page.status_code == 200
    assert "张伟" in client.get("/patrols/stats/?start=2026-11-01&end=2026-11-30&by=member").content.decode()
    assert client.get("/patrols/stats/?start=2026-11-30&end=2026-11-01").status_code == 200


def test_the_phone_page_is_for_patrollers(client, world):
    client.force_login(world.patroller)
    assert client.get("/patrols/m/").status_code == 200
    client.force_login(world.users["dispatcher"])
    assert client.get("/patrols/m/").status_code == 403


@pytest.mark.parametrize("url", ["/patrols/", "/patrols/sessions/", "/patrols/teams/", "/patrols/stats/"])
def test_staff_pages_need_a_login(client, url):
    assert client.get(url).status_code == 302
