"""The volunteer station sets up a team on its pages: creates it, finds volunteers by name and adds them, makes one
the leader; the list of teams shows the leader and the member count."""

import pytest
from django.core.management import call_command

from e2e.test_login_browser import login
from volunteers.models import Team, Volunteer


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)


def test_the_station_creates_a_team_adds_members_and_makes_a_leader(page, demo, screenshot):
    first, second = Volunteer.objects.filter(is_demo=True).order_by("pk")[:2]
    login(page, "volunteer_admin")
    page.goto("/volunteers/teams/")
    page.click("[data-testid=team-new]")
    page.fill("#id_name", "浏览器测试文明劝导队")
    page.select_option("#id_kind", "other")
    page.select_option("#id_org_unit", label="堤口庄社区")
    with page.expect_navigation():
        page.click("[data-testid=team-form] button[type=submit]")
    team = Team.objects.get(name="浏览器测试文明劝导队")
    for volunteer in (first, second):
        page.fill("[data-testid=member-search]", volunteer.name)
        with page.expect_navigation():
            page.press("[data-testid=member-search]", "Enter")
        with page.expect_navigation():
            page.locator(f"[data-testid=candidates] input[value='{volunteer.pk}'] ~ button").click()
    assert set(team.members.all()) == {first, second}
    row = page.locator("[data-testid=members] tr", has_text=second.name)
    with page.expect_navigation():
        row.get_by_role("button", name="设为负责人").click()
    assert page.locator("[data-testid=team-leader]").inner_text() == second.name
    screenshot("volunteer-team")
    page.goto("/volunteers/teams/")
    listed = page.locator("[data-testid=teams] tr", has_text="浏览器测试文明劝导队")
    assert second.name in listed.inner_text() and listed.locator("td").last.inner_text() == "2"
