"""One case from the citizen page through every desk to the public status page, each step as its own user."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from cases.models import Case, Category
from e2e.citizen import report_as_citizen
from e2e.conftest import ARTIFACTS
from e2e.test_login_browser import login
from grids.models import Grid


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "fixed.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (60, 150, 80)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def desk(browser, live_server, username, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, username)
    page.wait_for_url("**/")
    page.goto(path)
    return context, page


def open_case(page, case):
    # The desk lists refresh themselves every 5 s (htmx), so the test checks the row and then opens the
    # case by its address instead of racing a click against a refresh.
    assert page.locator(f"text={case.number}").count() >= 1
    page.goto(f"/cases/{case.pk}/")


def act(page, action, fill=None, files=None, select=None):
    page.click(f"[data-testid=action-{action}]")
    form = page.locator(f"#act-{action} form")
    form.wait_for(state="visible")
    page.wait_for_selector(f"#act-{action}.show:not(.collapsing)")
    for selector, option in (select or {}).items():
        form.locator(selector).select_option(**option)
    for selector, value in (fill or {}).items():
        form.locator(selector).fill(value)
    for selector, value in (files or {}).items():
        form.locator(selector).set_input_files(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_case_from_citizen_to_close(browser, live_server, demo, picture, django_db_serialized_rollback):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    grid = Grid.objects.get(code="G-DK-C01")
    category = Category.objects.get(code="event-0102")
    # 1. A resident reports on the public page (phone size), answering the captcha.
    code = report_as_citizen(
        browser, live_server, picture, grid=grid, description="小区门口垃圾没人清理", screenshot="h5-citizen-report.png"
    )
    case = Case.objects.get(tracking_code=code)
    assert case.state == "reported"

    # 2. The operator files it.
    context, page = desk(browser, live_server, "operator", "/cases/?queue=intake")
    page.screenshot(path=str(ARTIFACTS / "desk-operator.png"))
    open_case(page, case)
    act(page, "file", select={"select[name=file-condition]": {"value": str(category.conditions.first().pk)}})
    assert page.inner_text("[data-testid=case-state]") == "已立案"
    context.close()

    # 3. The dispatcher sends it to the suggested department (环卫所).
    context, page = desk(browser, live_server, "dispatcher", "/cases/?queue=dispatch")
    page.screenshot(path=str(ARTIFACTS / "desk-dispatcher.png"))
    open_case(page, case)
    act(page, "dispatch", select={"select[name=dispatch-department]": {"label": "环卫所"}})
    assert page.inner_text("[data-testid=case-state]") == "已派遣"
    context.close()

    # 4. The handler accepts and reports the disposal with a photo.
    context, page = desk(browser, live_server, "handler", "/cases/?queue=department")
    page.screenshot(path=str(ARTIFACTS / "desk-handler.png"))
    open_case(page, case)
    act(page, "accept")
    act(page, "dispose", fill={"textarea": "已清理完毕"}, files={"input[type=file]": str(picture)})
    assert page.inner_text("[data-testid=case-state]") == "已处置"
    context.close()

    # 5. The grid's patroller checks on site.
    context, page = desk(browser, live_server, "patroller", "/cases/?queue=verify")
    open_case(page, case)
    act(page, "verify_ok", files={"input[type=file]": str(picture)})
    assert page.inner_text("[data-testid=case-state]") == "已核查"
    context.close()

    # 6. The shift lead closes it.
    context, page = desk(browser, live_server, "shift_lead", "/cases/?queue=close")
    page.screenshot(path=str(ARTIFACTS / "desk-shift-lead.png"))
    open_case(page, case)
    act(page, "close")
    assert page.inner_text("[data-testid=case-state]") == "已结案"
    page.screenshot(path=str(ARTIFACTS / "case-page.png"), full_page=True)
    assert page.locator("[data-testid=timeline] li").count() == 7
    context.close()

    # 7. The resident sees the outcome; nothing personal is on the page.
    citizen = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = citizen.new_page()
    page.goto(f"/public/track/{code}/")
    assert page.inner_text("[data-testid=public-outcome]") == "已解决"
    assert "李晓燕" not in page.content() and "刘海涛" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "h5-citizen-status.png"), full_page=True)
    citizen.close()
