import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)


def login(page, username: str, password: str = DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_patroller_logs_in_and_sees_chinese_home(page, demo, screenshot):
    login(page, "patroller")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "您好，张伟"
    assert page.locator("[data-role=patroller] h2").inner_text() == "网格员/巡查员"
    assert page.get_attribute("html", "lang") == "zh-CN"
    screenshot("home-patroller")


def test_every_demo_role_can_log_in(page, demo):
    for username in [
        "admin",
        "commander",
        "operator",
        "shift_lead",
        "dispatcher",
        "handler",
        "patroller",
        "assessor",
        "volunteer_admin",
        "volunteer",
    ]:
        login(page, username)
        page.wait_for_url("**/")
        assert page.locator("[data-testid=user-menu]").is_visible()
        page.click("[data-testid=user-menu]")
        page.click("text=退出登录")
        page.wait_for_url("**/accounts/login/")


def test_wrong_password_shows_chinese_error_then_lockout(page, demo, screenshot):
    for _attempt in range(10):
        login(page, "operator", "not-the-password")
    assert "已被锁定" in page.locator("[data-testid=lockout]").inner_text()
    screenshot("login-locked")
