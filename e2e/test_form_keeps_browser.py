"""Forms keep what was typed: the chosen photo survives a rejected submission, and a too-long text says so."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from cases.models import Case
from e2e.citizen import answer_captcha
from grids.models import Grid


@pytest.fixture
def citizen(browser, live_server, transactional_db, tmp_path):
    call_command("load_demo", without_cases=True, verbosity=0)
    picture = tmp_path / "pothole.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 110, 90)).save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, picture, Grid.objects.get(code="G-DK-C01")
    context.close()


def place(page, grid):
    page.evaluate(
        "([lng, lat]) => { document.querySelector('input[name=lng]').value = lng;"
        " document.querySelector('input[name=lat]').value = lat; }",
        [grid.min_lng + 0.002, grid.min_lat + 0.002],
    )


def test_the_photo_is_kept_after_a_rejection_and_a_too_long_text_is_named(citizen):
    page, picture, grid = citizen
    page.goto("/public/report/")
    page.set_input_files("input[name=photos]", str(picture))
    page.fill("textarea[name=description]", "路面坑洼" * 300)  # 1,200 characters: more than the 1,000 allowed
    place(page, grid)
    answer_captcha(page)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "1000" in page.inner_text("[data-field-error=description]")
    assert len(page.input_value("textarea[name=description]")) == 1200  # nothing cut
    page.wait_for_selector("[data-testid=photos-kept]")
    assert page.evaluate("document.querySelector('input[name=photos]').files.length") == 1
    page.fill("textarea[name=description]", "路面坑洼，雨天积水")
    place(page, grid)
    answer_captcha(page)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_url("**/public/track/*/")
    assert Case.objects.get().attachments.count() == 1


def test_a_report_without_a_photo_is_refused_as_the_label_says(citizen):
    page, _picture, grid = citizen
    page.goto("/public/report/")
    page.fill("textarea[name=description]", "路灯不亮")
    place(page, grid)
    answer_captcha(page)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("[data-field-error=photos]").count() == 1
    assert Case.objects.count() == 0
