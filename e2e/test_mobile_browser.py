"""The patroller's phone: report with a photo and the phone's position; offline, the report waits and is sent once."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from cases.models import Case
from e2e.conftest import ARTIFACTS
from e2e.test_login_browser import login
from grids.models import Grid


@pytest.fixture
def phone(browser, live_server, django_db_serialized_rollback, tmp_path):
    call_command("load_demo", without_cases=True, verbosity=0)
    grid = Grid.objects.get(code="G-DK-C01")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        locale="zh-CN", timezone_id="Asia/Shanghai", permissions=["geolocation"],
        geolocation={"latitude": grid.min_lat + 0.002, "longitude": grid.min_lng + 0.002},
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Printed, so that a failing test shows what the page saw (pytest prints a failed test's output).
    page.on("requestfailed", lambda request: print("request failed:", request.method, request.url, request.failure))
    page.on("console", lambda message: print("console:", message.type, message.text))
    picture = tmp_path / "photo.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 110, 90)).save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())
    yield page, context, picture
    context.close()


def fill_report(page, picture):
    page.goto("/cases/m/report/")
    page.set_input_files("#m-photos", str(picture))
    page.wait_for_function("() => document.querySelector('input[name=lng]').value !== ''")
    page.wait_for_selector("select[name=category][data-picker-ready]")
    page.fill("[data-testid=picker-search]", "事件 0102 暴露垃圾")  # 部件 and 事件 codes overlap: the kind comes first
    page.locator("[data-testid=picker-option]:visible").first.click()
    page.fill("textarea[name=description]", "路边有一堆暴露垃圾")


def test_patroller_reports_from_the_phone(phone):
    page, _context, picture = phone
    login(page, "patroller")
    page.wait_for_url("**/")
    page.goto("/cases/m/")
    fill_report(page, picture)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "h5-report.png"), full_page=True)
    page.click("[data-testid=m-submit]")
    page.wait_for_url("**/cases/m/?sent=1")
    case = Case.objects.get()
    assert case.category.code == "event-0102" and case.community_grid.code == "G-DK-C01"
    assert case.attachments.count() == 1 and case.reporter.username == "patroller"


def test_offline_report_is_kept_and_sent_once_when_back_online(phone):
    page, context, picture = phone
    login(page, "patroller")
    page.wait_for_url("**/")
    fill_report(page, picture)
    context.set_offline(True)
    page.click("[data-testid=m-submit]")
    page.wait_for_selector("#m-error.alert-warning")
    assert "待上传 1" in page.inner_text("[data-testid=outbox-status]")
    assert Case.objects.count() == 0
    context.set_offline(False)
    page.evaluate("window.Outbox.flush()")
    page.wait_for_function("() => document.getElementById('outbox-status').textContent === ''")
    page.evaluate("window.Outbox.flush()")  # a second try must not double it
    assert Case.objects.count() == 1


def walk_to_disposed(number: int) -> list[Case]:
    """Cases reported by the patroller, filed, dispatched and disposed: waiting for the patroller's verification."""
    from accounts.models import User
    from cases.models import Category
    from cases.services import case_report, transition
    from cases.tests.conftest import photo

    users = {
        u.username: u for u in User.objects.filter(username__in=["patroller", "operator", "dispatcher", "handler"])
    }
    category = Category.objects.get(code="event-0102")
    grid = Grid.objects.get(code="G-DK-C01")
    cases = []
    for i in range(number):
        case, _ = case_report(source="patrol", description=f"垃圾堆{i}", lng=grid.min_lng + 0.002,
                              lat=grid.min_lat + 0.002, actor=users["patroller"])  # fmt: skip
        case = transition(case=case, action="file", actor=users["operator"], category=category,
                          condition=category.conditions.first())  # fmt: skip
        case = transition(
            case=case, action="dispatch", actor=users["dispatcher"], department=category.default_department
        )
        case = transition(case=case, action="accept", actor=users["handler"])
        cases.append(transition(case=case, action="dispose", actor=users["handler"], feedback="已清理",
                                photos_after=[photo()]))  # fmt: skip
    return cases


def test_patroller_verifies_from_the_phone_list(phone):
    page, _context, picture = phone
    fixed, not_fixed = walk_to_disposed(2)
    login(page, "patroller")
    page.wait_for_url("**/")
    page.goto("/cases/m/verify/")
    # Not fixed: the reason is required; the error is in Chinese and the photo taken stays chosen.
    page.wait_for_selector("body[data-actions-ready]", state="attached")
    page.click(f"[data-testid=open-verify_fail-{not_fixed.pk}]")
    page.set_input_files(f"#pa-{not_fixed.pk}-verify_fail-photos", str(picture))
    with page.expect_response(lambda r: r.url.endswith("/actions/verify_fail/"), timeout=60_000) as answer:
        page.click(f"[data-testid=submit-verify_fail-{not_fixed.pk}]")
    assert answer.value.status == 400
    error = page.locator(f"[data-testid=form-verify_fail-{not_fixed.pk}] [data-error=reason]")
    error.wait_for()
    assert "必填" in error.inner_text()
    assert page.locator(f"#pa-{not_fixed.pk}-verify_fail-photos").evaluate("input => input.files.length") == 1
    page.fill(f"[data-testid=form-verify_fail-{not_fixed.pk}] textarea[name=reason]", "垃圾仍未清运")
    page.click(f"[data-testid=submit-verify_fail-{not_fixed.pk}]")
    page.wait_for_selector(f"[data-testid=done-{not_fixed.pk}].alert-success")
    # Verified fixed, with a photo of the spot.
    page.click(f"[data-testid=open-verify_ok-{fixed.pk}]")
    page.set_input_files(f"#pa-{fixed.pk}-verify_ok-photos", str(picture))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "h5-verify.png"), full_page=True)
    page.click(f"[data-testid=submit-verify_ok-{fixed.pk}]")
    page.wait_for_selector(f"[data-testid=done-{fixed.pk}].alert-success")
    fixed.refresh_from_db()
    not_fixed.refresh_from_db()
    assert fixed.state == "verified" and fixed.attachments.filter(phase="evidence").count() == 1
    assert not_fixed.state == "dispatched" and not_fixed.rework_count == 1
    assert not_fixed.events.get(action="verify_fail").note == "垃圾仍未清运"


def test_patroller_fixes_on_the_spot_from_the_phone_offline_and_it_is_sent_once(phone):
    page, context, picture = phone
    login(page, "patroller")
    page.wait_for_url("**/")
    fill_report(page, picture)
    page.click("[data-testid=m-submit]")
    page.wait_for_url("**/cases/m/?sent=1")
    case = Case.objects.get()
    page.goto("/cases/m/mine/")
    page.wait_for_selector("body[data-actions-ready]", state="attached")
    page.click(f"[data-testid=open-self_dispose-{case.pk}]")
    form = f"[data-testid=form-self_dispose-{case.pk}]"
    # Only the photo before: the photo after is asked for by name, in Chinese; the input stays.
    page.set_input_files(f"#pa-{case.pk}-before", str(picture))
    page.fill(f"{form} textarea[name=note]", "已当场清理")
    with page.expect_response(lambda r: r.url.endswith("/actions/self_dispose/"), timeout=60_000) as answer:
        page.click(f"[data-testid=submit-self_dispose-{case.pk}]")
    assert answer.value.status == 400
    error = page.locator(f"{form} [data-error=photos_after]")
    error.wait_for()
    assert "至少需要一张照片" in error.inner_text()
    assert page.input_value(f"{form} textarea[name=note]") == "已当场清理"
    # With the photo after, but no connection: kept in the outbox, sent once when back online.
    page.set_input_files(f"#pa-{case.pk}-after", str(picture))
    context.set_offline(True)
    page.click(f"[data-testid=submit-self_dispose-{case.pk}]")
    page.wait_for_selector(f"[data-testid=done-{case.pk}].alert-warning")
    assert "待上传 1" in page.inner_text("[data-testid=outbox-status]")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "h5-self-dispose-offline.png"), full_page=True)
    case.refresh_from_db()
    assert case.state == "reported"
    context.set_offline(False)
    page.evaluate("window.Outbox.flush()")
    page.wait_for_function("() => document.getElementById('outbox-status').textContent === ''")
    page.evaluate("window.Outbox.flush()")
    case.refresh_from_db()
    assert case.state == "closed" and case.resolution == "self_disposed"
    assert case.events.filter(action="self_dispose").count() == 1
    assert case.attachments.filter(phase__in=["before", "after"]).count() == 3  # the report's photo + before + after
    assert case.events.get(action="self_dispose").note == "已当场清理"
