"""The report form's captcha picture in a phone browser: it loads, "another picture" draws a new one by script
(no inline code, nothing blocked by the Content-Security-Policy), and the new one is the one that counts."""

import io

from captcha.models import CaptchaStore
from django.core.management import call_command
from PIL import Image

from cases.models import Case
from e2e.citizen import answer_captcha
from grids.models import Grid


def test_another_picture_replaces_the_challenge_and_the_new_answer_is_accepted(page, screenshot, tmp_path):
    call_command("load_demo", without_cases=True, verbosity=0)
    grid = Grid.objects.get(code="G-DK-C01")
    picture = tmp_path / "pothole.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 110, 90)).save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/public/report/")
    image = page.locator("[data-testid=captcha-image]")
    page.wait_for_function("() => document.querySelector('[data-testid=captcha-image]').naturalWidth > 0")
    first_key, first_src = page.input_value("input[name=captcha_0]"), image.get_attribute("src")
    page.fill("input[name=captcha_1]", "XXXX")
    page.click("[data-captcha-refresh]")
    page.wait_for_function("(key) => document.querySelector('input[name=captcha_0]').value !== key", arg=first_key)
    page.wait_for_function("() => document.querySelector('[data-testid=captcha-image]').naturalWidth > 0")
    new_key = page.input_value("input[name=captcha_0]")
    assert image.get_attribute("src") != first_src and new_key in image.get_attribute("src")
    assert page.input_value("input[name=captcha_1]") == ""
    screenshot("h5-captcha")
    page.set_input_files("input[name=photos]", str(picture))
    page.fill("textarea[name=description]", "路灯不亮")
    page.evaluate(
        "([lng, lat]) => { document.querySelector('input[name=lng]').value = lng;"
        " document.querySelector('input[name=lat]').value = lat; }",
        [grid.min_lng + 0.002, grid.min_lat + 0.002],
    )
    answer_captcha(page)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_url("**/public/track/*/")
    assert Case.objects.count() == 1 and not CaptchaStore.objects.filter(hashkey=new_key).exists()
