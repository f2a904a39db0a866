"""A resident's report on the public 随手拍 page, from a phone-sized browser of its own."""

import re

from e2e.conftest import ARTIFACTS


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
    a, b = (int(n) for n in re.findall(r"\d+", page.inner_text("[data-testid=captcha-question]")))
    page.fill("input[name=captcha_answer]", str(a + b))
    if screenshot:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_url("**/public/track/*/")
    code = page.inner_text("[data-testid=tracking-code]")
    citizen.close()
    return code
