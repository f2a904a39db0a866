import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, Category
from cases.services import case_report, transition
from e2e.citizen import report_as_citizen
from e2e.conftest import ARTIFACTS
from e2e.test_login_browser import login
from grids.models import Grid


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)


@pytest.fixture
def picture(tmp_path):
    from PIL import Image

    path = tmp_path / "rubbish.jpg"
    Image.new("RGB", (80, 60), (120, 160, 90)).save(path, "JPEG")
    return path


def some_cases():
    from accounts.models import Department, User

    operator, dispatcher = User.objects.get(username="operator"), User.objects.get(username="dispatcher")
    patroller = User.objects.get(username="patroller")
    category = Category.objects.get(code="event-0102")
    for i, code in enumerate(["G-DK-C01", "G-DK-C01", "G-DK-C03"]):
        grid = Grid.objects.get(code=code)
        case, _ = case_report(
            source="patrol",
            description=f"路边暴露垃圾 {i}",
            lng=grid.min_lng + 0.001 * (i + 1),
            lat=grid.min_lat + 0.001,
            actor=patroller,
            now=timezone.now(),
        )
        case = transition(
            case=case, action="file", actor=operator, category=category, condition=category.conditions.first()
        )
        transition(case=case, action="dispatch", actor=dispatcher, department=Department.objects.get(code="DEP-HW"))


def test_the_screen_shows_map_charts_and_a_new_case_within_5_seconds(browser, live_server, demo, picture, page):
    some_cases()
    login(page, "commander")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/command/")
    page.wait_for_selector("#screen-map path.leaflet-interactive")
    page.wait_for_function("() => document.querySelectorAll('.case-marker').length === 3")
    # ECharts draws each chart into its own canvas once the data arrived.
    page.wait_for_function("() => document.querySelectorAll('[data-testid=chart] canvas').length >= 4")
    assert page.locator("[data-tile=reports]").inner_text() == "3"
    assert page.locator("[data-tile=filed]").inner_text() == "3"
    assert page.locator("#feed li").count() >= 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "command-screen.png"))

    # A resident reports from another browser; the screen shows it without a reload.
    grid = Grid.objects.get(code="G-DK-C02")
    report_as_citizen(browser, live_server, picture, grid=grid, description="人行道上有一堆建筑垃圾")
    case = Case.objects.latest("pk")
    assert case.description == "人行道上有一堆建筑垃圾"

    page.wait_for_function("() => document.querySelectorAll('.case-marker').length === 4", timeout=5000)
    page.wait_for_function("() => document.querySelector('[data-tile=reports]').textContent === '4'", timeout=5000)
    assert "人行道上有一堆建筑垃圾" in page.locator("#feed li").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "command-screen-new-case.png"))
