"""The picker finds a class by its pinyin initials, on the staff form and on the patroller's phone, and the case
is filed under what was picked; recent choices come first. Screenshots at 1280 and 360 px wide."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from cases.models import Case
from e2e.conftest import ARTIFACTS
from e2e.test_login_browser import login
from grids.models import Grid


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)
    return Grid.objects.get(code="G-DK-C01")


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "photo.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 110, 90)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def picker_fits(page) -> None:
    """The picker and its rows stay inside the screen (long condition texts wrap instead of running off)."""
    width = page.evaluate("document.documentElement.clientWidth")
    rights = page.eval_on_selector_all(".picker, .picker *", "es => es.map((e) => e.getBoundingClientRect().right)")
    assert rights and max(rights) <= width


def test_the_staff_form_finds_a_class_by_its_pinyin_initials_and_reports_it(page, demo):
    login(page, "operator")
    page.wait_for_url("**/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/cases/new/")
    page.wait_for_selector("select[name=category][data-picker-ready]")
    page.fill("textarea[name=description]", "路口积水很深")
    page.evaluate(
        "([lng, lat]) => { document.querySelector('input[name=lng]').value = lng;"
        " document.querySelector('input[name=lat]').value = lat; }",
        [demo.min_lng + 0.002, demo.min_lat + 0.002],
    )
    search = page.locator("[data-testid=picker-search]")
    search.fill("dljs")  # 道路积水
    rows = page.locator("[data-testid=picker-option]:visible")
    assert rows.all_inner_texts() == ["事件 0406 道路积水"]
    search.fill("daolu")  # full pinyin, a prefix: every 道路… class, and the classes of the group 道路交通
    texts = rows.all_inner_texts()
    assert "事件 0406 道路积水" in texts and "事件 0102 暴露垃圾" not in texts and len(texts) > 3
    shoot(page, "picker-staff-1280")
    page.set_viewport_size({"width": 360, "height": 780})
    picker_fits(page)
    shoot(page, "picker-staff-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    search.fill("dljs")
    rows.filter(has_text="道路积水").first.click()
    assert "道路积水" in page.inner_text("[data-testid=picker-chosen]")
    assert page.locator("[data-testid=picker-list]").is_hidden()
    with page.expect_navigation():
        page.click("#report-form button[type=submit]")
    case = Case.objects.get()
    assert case.category.minor_name == "道路积水" and case.category.kind == "event"
    # Recent choices first the next time.
    page.goto("/cases/new/")
    page.click("[data-testid=picker-search]")
    assert page.locator(".picker-recent + [data-testid=picker-option]").inner_text().endswith("道路积水")


@pytest.fixture
def phone(browser, live_server, django_db_serialized_rollback, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
        locale="zh-CN", timezone_id="Asia/Shanghai", permissions=["geolocation"],
        geolocation={"latitude": demo.min_lat + 0.002, "longitude": demo.min_lng + 0.002},
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: print("console:", message.type, message.text))
    yield page, context
    context.close()


def test_the_phone_picks_a_category_by_pinyin_initials_and_the_outbox_sends_it(phone, picture):
    page, context = phone
    login(page, "patroller")
    page.wait_for_url("**/")
    page.goto("/cases/m/report/")
    page.wait_for_selector("select[name=category][data-picker-ready]")
    page.set_input_files("#m-photos", str(picture))
    page.wait_for_function("() => document.querySelector('input[name=lng]').value !== ''")
    page.tap("[data-testid=picker-search]")
    page.keyboard.type("bllj")  # 暴露垃圾
    rows = page.locator("[data-testid=picker-option]:visible")
    assert rows.all_inner_texts() == ["事件 0102 暴露垃圾"]
    picker_fits(page)
    shoot(page, "picker-phone-360")
    assert rows.first.bounding_box()["height"] >= 40  # a finger's row
    rows.first.tap()
    assert page.locator("[data-testid=picker-list]").is_hidden()
    assert page.input_value("select[name=category]") == "event-0102"
    page.fill("textarea[name=description]", "路边有一堆暴露垃圾")
    # Offline: what is queued is what was picked, and it is sent once back online.
    context.set_offline(True)
    page.click("[data-testid=m-submit]")
    page.wait_for_selector("#m-error.alert-warning")
    assert Case.objects.count() == 0
    context.set_offline(False)
    page.evaluate("window.Outbox.flush()")
    page.wait_for_function("() => document.getElementById('outbox-status').textContent === ''")
    assert Case.objects.get().category.code == "event-0102"
    # The next report offers it in one tap, and first in the list; the picker also works on a wide screen.
    page.goto("/cases/m/report/")
    page.wait_for_selector("select[name=category][data-picker-ready]")
    shoot(page, "picker-phone-360-recent")
    page.locator("[data-testid=picker-quick] button").first.tap()
    assert page.input_value("select[name=category]") == "event-0102"
    page.tap("[data-testid=picker-search]")
    assert page.locator(".picker-recent + [data-testid=picker-option]").inner_text() == "事件 0102 暴露垃圾"
    picker_fits(page)
    shoot(page, "picker-phone-360-open")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.keyboard.type("ljx")  # 垃圾箱, 垃圾间…
    assert page.locator("[data-testid=picker-option]:visible").count() >= 1
    shoot(page, "picker-phone-1280")
