"""Browser tests: Playwright for Python driving Debian's Chromium, headless.

Screenshots go to test-artifacts/screenshots (not committed) for people to look at.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make around it (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)
            # A live server needs committed data. Serialized rollback puts back what migrations seeded
            # (roles, the category catalogue, the work calendar) after each test's flush; pytest-django
            # only serializes the test database when a test carries this marker.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    # serialized rollback: the flush after a live-server test must not take the
    # rows that migrations seed (roles, the work calendar) away from later tests.
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1366, "height": 768},
        locale="en-US",  # an English browser still gets the Chinese UI
        timezone_id="Asia/Shanghai",
    )
    external = []
    context.on("request", lambda request: external.append(request.url) if _is_external(request.url) else None)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Chromium reports what the Content-Security-Policy blocked as a console error: each one is a page
    # part that no longer works (an inline script, a style, an image from a host the policy does not name).
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert external == [], f"requests left the machine: {external}"
    assert blocked == [], f"the Content-Security-Policy blocked: {blocked}"


def _is_external(url: str) -> bool:
    from urllib.parse import urlparse

    parts = urlparse(url)
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in {"127.0.0.1", "localhost", "::1"}


@pytest.fixture
def screenshot(page):
    def take(name: str):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
