"""The patrol phone page shows the real state and notices at once a patrol ended elsewhere."""

import pytest
from django.core.management import call_command

from e2e.test_login_browser import login
from grids.models import Grid


@pytest.fixture
def phone(browser, live_server, transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)
    grid = Grid.objects.get(code="G-DK-C01")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        locale="zh-CN", timezone_id="Asia/Shanghai", permissions=["geolocation"],
        geolocation={"latitude": grid.min_lat + 0.002, "longitude": grid.min_lng + 0.002},
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_a_patrol_ended_on_another_device_is_shown_ended_without_a_tap(phone):
    from accounts.models import User
    from patrols.models import PatrolSession, SessionStatus
    from patrols.services import session_end

    page = phone
    login(page, "patroller")
    page.wait_for_url("**/")
    PatrolSession.objects.filter(user__username="patroller", status=SessionStatus.ACTIVE).delete()
    page.goto("/patrols/m/")
    page.wait_for_selector("#patrol[data-ready='1']")
    assert page.title().startswith("巡查")
    page.click("#patrol-start")
    page.wait_for_function("() => document.getElementById('patrol-status').textContent === '巡查中'")
    page.wait_for_function("() => document.getElementById('patrol-fix').textContent !== '—'")
    assert page.inner_text("#patrol-error") == ""  # positions arrive: no red "no position" line
    session = PatrolSession.objects.get(user__username="patroller", status=SessionStatus.ACTIVE)
    session_end(session=session, actor=User.objects.get(username="patroller"))
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_function("() => document.getElementById('patrol-status').textContent !== '巡查中'", timeout=12_000)
    assert "已结束" in page.inner_text("#patrol-error")
    assert page.locator("#patrol-start").is_visible()
