"""Maps people can orient on: every pin renders with its icon (no 404), grid outlines and names around it."""

import pytest
from django.core.management import call_command

from cases.services import case_report
from e2e.test_login_browser import login
from grids.models import Grid


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)
    return Grid.objects.get(code="G-DK-C01")


def watched(context):
    """A page whose failed loads (any status from 400 up) are collected."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    failures = []
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page, failures


def pin_images_loaded(page) -> bool:
    return page.evaluate(
        "() => { const imgs = [...document.querySelectorAll('.leaflet-marker-icon, .leaflet-marker-shadow')];"
        " return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0); }"
    )


def test_the_public_report_pin_renders_with_its_icon_among_named_community_outlines(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN",
        permissions=["geolocation"], geolocation={"latitude": demo.min_lat + 0.004, "longitude": demo.min_lng + 0.004},
    )  # fmt: skip
    page, failures = watched(context)
    page.goto("/public/report/")
    page.wait_for_selector("#pick-map[data-outlines]")
    page.click("#use-position")
    page.wait_for_function("() => document.querySelector('input[name=lng]').value !== ''")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length === 1")
    page.wait_for_timeout(300)
    assert pin_images_loaded(page)
    labels = page.locator(".grid-outline-label").all_inner_texts()
    assert "堤口庄社区" in labels
    # After zooming to the position, the community's outline is still on screen.
    assert page.locator("#pick-map path.grid-outline").count() >= 1
    assert page.locator("#pick-map .leaflet-tooltip.grid-outline-label").first.is_visible()
    assert page.inner_text("[data-testid=position-note]") == ""
    assert "Leaflet" not in page.inner_text(".leaflet-control-attribution")
    context.close()
    assert failures == []


def test_a_pin_outside_the_area_is_said_at_once_next_to_the_map(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page, failures = watched(context)
    login(page, "operator")
    page.wait_for_url("**/")
    page.goto("/cases/new/")
    page.wait_for_selector("#pick-map[data-outlines]")
    box = page.locator("#pick-map").bounding_box()
    page.mouse.click(box["x"] + 8, box["y"] + box["height"] - 8)  # the corner: outside every community
    page.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length === 1")
    assert "不在受理范围内" in page.inner_text("[data-testid=position-note]")
    page.wait_for_timeout(300)
    assert pin_images_loaded(page)
    context.close()
    assert failures == []


def test_the_case_page_map_shows_the_point_inside_its_named_grid(browser, live_server, demo):
    from accounts.models import User

    case, _ = case_report(
        source="patrol", description="路灯不亮", lng=demo.min_lng + 0.004, lat=demo.min_lat + 0.004,
        actor=User.objects.get(username="patroller"),
    )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page, failures = watched(context)
    login(page, "operator")
    page.wait_for_url("**/")
    page.goto(f"/cases/{case.pk}/")
    page.wait_for_selector("#case-map[data-outlines]")
    assert int(page.get_attribute("#case-map", "data-outlines")) >= 1
    assert page.locator("#case-map .leaflet-tooltip.grid-outline-label", has_text="堤口庄社区").is_visible()
    assert page.locator("#case-map path.case-point").count() == 1
    context.close()
    assert failures == []
