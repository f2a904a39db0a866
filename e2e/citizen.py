"""A resident's report on the public 随手拍 page, from a phone-sized browser of its own."""

from captcha.models import CaptchaStore

from e2e.conftest import ARTIFACTS


def answer_captcha(page) -> None:
    """Type the characters of the captcha picture, as the resident reads them: the test reads the challenge the
    page's key names in the database (the picture itself is made to be hard for a program to read)."""
    key = page.input_value("input[name=captcha_0]")
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).challenge)


def report_as_citizen(browser, live_server, picture, *, grid, description: str, screenshot: str = "") -> str:
    """Fill the public report form (photo, position inside `grid`, captcha), send it; the tracking code."""
    citizen = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = citizen.new_page()
    page.goto("/public/report/")
    page.set_input_files("input[name=photos]", str(picture))
    page.fill("textarea[name=description]", description)
    page.evaluate(
        "([lng, lat]) => { document.querySelector('input[name=lng]').value = lng;"
        " document.querySelector('input[name=lat]').value = lat; }",
        [grid.min_lng + 0.002, grid.min_lat + 0.002],
    )
    answer_captcha(page)
    if screenshot:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_url("**/public/track/*/")
    code = page.inner_text("[data-testid=tracking-code]")
    citizen.close()
    return code
