"""The main pages at 1366×768, 1920×1080 and 390×844: no sideways overflow, no short button text broken
one character a line, no stretched badge. Screenshots go to test-artifacts/screenshots/layout-*."""

import pytest
from django.core.management import call_command

from accounts.models import User
from cases.services import case_report
from e2e.conftest import ARTIFACTS
from e2e.layout import problems
from e2e.test_login_browser import login
from grids.models import Grid

SIZES = [(1366, 768), (1920, 1080), (390, 844)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)
    grid = Grid.objects.get(code="G-DK-C01")
    case, _ = case_report(
        source="citizen", description="人行道上有一堆建筑垃圾，影响通行", lng=grid.min_lng + 0.002,
        lat=grid.min_lat + 0.002, reporter_phone="13912345678",
    )  # fmt: skip
    case_report(
        source="patrol", description="井盖破损", lng=grid.min_lng + 0.003, lat=grid.min_lat + 0.003,
        actor=User.objects.get(username="patroller"),
    )  # fmt: skip
    return case


def pages(case) -> dict[str, list[str]]:
    return {
        "commander": [
            "/", "/cases/", f"/cases/{case.pk}/", "/grids/", "/patrols/", "/patrols/stats/", "/command/",
            "/command/kpis/", "/command/reports/", "/command/supervision/",
        ],
        "operator": ["/cases/?queue=intake", "/cases/new/"],
        "patroller": ["/cases/m/", "/cases/m/report/", "/cases/m/verify/", "/patrols/m/"],
        "": ["/public/report/", "/public/track/", f"/public/track/{case.tracking_code}/"],
    }  # fmt: skip


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_main_pages_fit_their_screen_and_keep_button_words_whole(browser, live_server, demo, size):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found = []
    for username, urls in pages(demo).items():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": size[0], "height": size[1]}, locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )  # fmt: skip
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            login(page, username)
            page.wait_for_url("**/")
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            found += [f"{url} as {username or 'a resident'}: {problem}" for problem in problems(page)]
            name = (username or "public") + url.replace("/", "_").replace("?", "_")
            page.screenshot(path=str(ARTIFACTS / f"layout-{size[0]}-{name}.png"))
        context.close()
    assert found == []
