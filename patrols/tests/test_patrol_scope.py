"""A patrol is started only in a grid that is the patroller's (roster, team, grid duty or area)."""

from grids.models import Grid
from patrols.models import PatrolSession


def _start(client, user, grid):
    client.force_login(user)
    return client.post("/patrols/api/sessions/", {"grid": grid.pk}, content_type="application/json")


def test_a_patroller_cannot_start_a_patrol_in_a_grid_of_another_community(client, world):
    elsewhere = Grid.objects.get(code="G-DK-C03")  # neither a grid of their team nor in 化纤厂路社区
    response = _start(client, world.patroller2, elsewhere)
    assert response.status_code == 400 and "grid" in response.json()["error"]["fields"]
    assert not PatrolSession.objects.exists()


def test_a_patroller_starts_a_patrol_in_a_grid_of_their_team(client, world):
    response = _start(client, world.patroller2, world.grid)  # 堤口庄社区: another community, their team's grid
    assert response.status_code == 201 and response.json()["grid"]["id"] == world.grid.pk


def test_a_patroller_starts_a_patrol_in_a_grid_of_their_area(client, world):
    world.team.grids.clear()
    response = _start(client, world.patroller2, world.grid2)
    assert response.status_code == 201
