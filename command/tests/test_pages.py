"""The command centre's pages: who may open them, what they show, and bad input."""

import json

import pytest
import time_machine
from django.urls import reverse

from accounts.models import OrgUnit, RoleCode
from accounts.tests.factories import make_user
from cases.tests.conftest import at
from command.tests.scenario import file, go, report, to_disposed


@pytest.fixture(autouse=True)
def monday_morning():
    """The scenario happens on Monday 2026-11-30, and the screen shows the present (today's tiles, lights,
    the last 30 days): the clock stands at 11:00 that day."""
    with time_machine.travel(at("2026-11-30 11:00"), tick=False):
        yield


@pytest.fixture
def busy(world):
    case = file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:05")
    go(case, "dispatch", world.dispatcher, "2026-11-30 09:10", department=world.hw)
    return case


def login(client, user):
    client.force_login(user)
    return client


def test_screen_is_for_the_command_centre_not_for_patrollers(client, world):
    assert login(client, world.commander).get(reverse("command:screen")).status_code == 200
    client.logout()
    assert login(client, world.patroller).get(reverse("command:screen")).status_code == 403


def test_live_data_sends_only_what_changed_since_the_cursor(client, world, busy):
    login(client, world.commander)
    first = client.get(reverse("command:screen_live")).json()
    assert [m["id"] for m in first["markers"]] == [busy.pk]
    assert first["tiles"]["open"] == 1
    again = client.get(reverse("command:screen_live"), {"since": first["cursor"]}).json()
    assert again["feed"] == [] and again["markers"] == []
    fresh = report(world, "2026-11-30 10:00")
    latest = client.get(reverse("command:screen_live"), {"since": first["cursor"]}).json()
    assert [m["id"] for m in latest["markers"]] == [fresh.pk]
    assert latest["feed"][0]["case"] == fresh.pk
    assert len(json.dumps(latest)) < 50_000


def test_live_data_rejects_a_bad_cursor_with_a_field_error(client, world):
    response = login(client, world.commander).get(reverse("command:screen_live"), {"since": "abc"})
    assert response.status_code == 400
    assert "since" in response.json()["error"]["fields"]


def test_a_unit_outside_the_users_scope_is_not_found(client, world):
    other = OrgUnit.objects.get(pk=world.grid2.org_unit_id)
    community_lead = make_user(unit=world.grid.org_unit, roles=[RoleCode.COMMANDER], username="community_lead")
    response = login(client, community_lead).get(reverse("command:screen_live"), {"unit": other.pk})
    assert response.status_code == 404


def test_charts_have_the_four_series_and_grid_counts(client, world, busy):
    data = login(client, world.commander).get(reverse("command:screen_charts")).json()
    assert set(data) >= {"by_day", "by_category", "by_community", "by_department", "grids"}
    assert len(data["by_day"]["days"]) == 30
    assert data["grids"] == {str(world.grid.pk): [1, 0]}


def test_kpi_page_links_every_figure_to_its_cases(client, world, busy):
    page = login(client, world.commander).get(
        reverse("command:kpis"), {"preset": "custom", "start": "2026-11-30", "end": "2026-12-06"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-kpi="filed"' in html and "counter=filed" in html
    drill = client.get(
        reverse("command:drill"),
        {
            "kind": "org",
            "counter": "filed",
            "subject": world.operator.org_unit_id,
            "start": "2026-11-30",
            "end": "2026-12-06",
        },
    )
    assert drill.status_code == 200
    assert busy.number in drill.content.decode()


def test_kpi_page_answers_a_bad_period_with_field_errors(client, world):
    page = login(client, world.commander).get(
        reverse("command:kpis"), {"preset": "custom", "start": "2026-12-06", "end": "2026-11-30"}
    )
    assert page.status_code == 200
    assert "最后一天不能早于第一天" in page.content.decode()
    page = client.get(reverse("command:kpis"), {"preset": "custom", "start": "not-a-date"})
    assert page.status_code == 200 and "data-field-error" in page.content.decode()


@pytest.mark.parametrize(("start", "end"), [("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-02")])
def test_kpi_page_answers_a_period_at_the_end_of_the_calendar_with_a_field_error(client, world, start, end):
    page = login(client, world.commander).get(reverse("command:kpis"), {"preset": "custom", "start": start, "end": end})
    assert page.status_code == 200 and "2000-01-01" in page.content.decode()


def test_drill_down_answers_a_period_at_the_end_of_the_calendar_with_a_400(client, world):
    login(client, world.commander)
    query = {"kind": "org", "counter": "filed", "subject": world.grid.org_unit_id}
    response = client.get(reverse("command:drill"), {**query, "start": "9999-12-01", "end": "9999-12-31"})
    assert response.status_code == 400


def test_drill_down_rejects_unknown_figures_and_subjects_out_of_scope(client, world):
    login(client, world.commander)
    bad = client.get(
        reverse("command:drill"),
        {"kind": "org", "counter": "nope", "subject": 1, "start": "2026-11-30", "end": "2026-12-06"},
    )
    assert bad.status_code == 400
    community_lead = make_user(unit=world.grid.org_unit, roles=[RoleCode.COMMANDER], username="community_lead")
    client.force_login(community_lead)
    hidden = client.get(
        reverse("command:drill"),
        {
            "kind": "org",
            "counter": "filed",
            "subject": world.grid2.org_unit_id,
            "start": "2026-11-30",
            "end": "2026-12-06",
        },
    )
    assert hidden.status_code == 400


def test_a_leader_supervises_a_case_from_the_list_with_a_message(client, world, busy):
    login(client, world.commander)
    empty = client.post(reverse("command:supervise", args=[busy.pk]), {"message": ""}, HTTP_ACCEPT="application/json")
    assert empty.status_code == 400 and "message" in empty.json()["errors"]
    done = client.post(
        reverse("command:supervise", args=[busy.pk]), {"message": "今天下班前处理完"}, HTTP_ACCEPT="application/json"
    )
    assert done.json() == {"ok": True}
    busy.refresh_from_db()
    assert busy.supervised
    assert busy.events.filter(action="supervise", note="今天下班前处理完").exists()
    page = client.get(reverse("command:supervision"))
    assert busy.number in page.content.decode()
    assert client.get(reverse("command:screen_live")).json()["tiles"]["supervised"] == 1


def test_only_a_commander_may_supervise(client, world, busy):
    login(client, world.dispatcher)
    response = client.post(reverse("command:supervise", args=[busy.pk]), {"message": "x"})
    assert response.status_code == 403


def test_rankings_show_communities_and_departments(client, world):
    case = file(world, report(world, "2026-11-30 09:00"), "2026-11-30 09:05")
    to_disposed(world, case, dispatch="2026-11-30 09:10", accept="2026-11-30 09:20", dispose="2026-11-30 10:00")
    page = login(client, world.commander).get(
        reverse("command:kpis"), {"preset": "custom", "start": "2026-11-30", "end": "2026-12-06"}
    )
    html = page.content.decode()
    assert html.count('data-testid="ranking"') == 5
    assert world.grid.org_unit.name in html and world.hw.name in html


def test_patrollers_ranking_shows_their_patrol_days_hours_and_km(client, world):
    from cases.tests.conftest import at
    from patrols.demo import TRACK_C01, replay
    from patrols.services import team_create, team_member_add

    team = team_create(
        actor=None,
        name="巡逻队",
        kind="patrol",
        org_unit=world.operator.org_unit,
        leader=world.shift_lead,
        grids=[world.grid],
    )
    team_member_add(actor=None, team=team, user=world.patroller)
    session = replay(path=TRACK_C01, user=world.patroller, start=at("2026-11-30 09:00"), grid=world.grid)
    assert session.counted
    page = login(client, world.commander).get(
        reverse("command:kpis"), {"preset": "custom", "start": "2026-11-30", "end": "2026-12-06"}
    )
    html = page.content.decode()
    assert "巡查天数" in html and "巡查里程（公里）" in html
    km = round(session.distance_m / 1000, 1)
    assert f"<td>{km}</td>" in html
