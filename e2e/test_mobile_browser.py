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
    picture = tmp_path / "photo.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 110, 90)).save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())
    yield page, context, picture
    context.close()


def fill_report(page, picture):
    page.goto("/cases/m/report/")
    page.set_input_files("#m-photos", str(picture))
    page.wait_for_function("document.querySelector('input[name=lng]').value !== ''")
    page.fill("#m-category-search", "0102 暴露垃圾")
    page.dispatch_event("#m-category-search", "change")
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
    page.wait_for_function("document.getElementById('outbox-status').textContent === ''")
    page.evaluate("window.Outbox.flush()")  # a second try must not double it
    assert Case.objects.count() == 1
