import pytest
from django.core.management import call_command

from e2e.test_login_browser import login


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)


def test_the_day_coverage_map_draws_covered_and_uncovered_grids_differently(page, demo, screenshot):
    from patrols.models import GridDayCoverage

    day = GridDayCoverage.objects.filter(patrolled=True).values_list("day", flat=True).first()
    login(page, "commander")
    page.wait_for_url("**/")
    page.goto(f"/patrols/?day={day:%Y-%m-%d}")
    page.wait_for_selector("#coverage-map[data-loaded='11']")
    covered = page.locator("path.coverage-covered")
    uncovered = page.locator("path.coverage-uncovered")
    assert covered.count() == 2
    assert uncovered.count() == 9
    assert covered.first.get_attribute("fill") != uncovered.first.get_attribute("fill")
    assert uncovered.first.get_attribute("fill") == "#e03131"  # red
    assert page.locator("path.coverage-track").count() == 2
    assert page.locator("tr.coverage-covered").count() == 2
    screenshot("patrol-coverage")
