import pytest
from django.core.management import call_command

from e2e.test_login_browser import login


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)


def test_map_shows_15_grids_and_a_card_on_click(page, demo, screenshot):
    login(page, "commander")
    page.wait_for_url("**/")
    page.goto("/grids/")
    page.wait_for_selector("#grid-map[data-loaded='15']")
    assert page.locator("path.grid-shape").count() == 15
    assert page.locator("path.grid-kind-road").count() == 4
    assert page.locator("path.grid-kind-community").count() == 11
    assert page.locator(".grid-label", has_text="堤口庄社区").count() == 1
    page.locator("path.grid-kind-community").first.click(force=True)
    card = page.locator("[data-testid=grid-card]")
    card.wait_for()
    assert card.locator("h2").inner_text() in {f.name for f in _communities()}
    assert "网格长" in page.locator("#grid-card").inner_text()
    screenshot("grid-map")


def _communities():
    from grids.models import Grid

    return list(Grid.objects.filter(kind="community"))
