"""A Content-Security-Policy on every response, and templates that keep to it (no inline script)."""

import re
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from civicgrid.middleware import content_security_policy, tile_source

ROOT = Path(settings.BASE_DIR)
# A <script> element runs inline unless it loads a file (src=) or only carries data (type="application/json").
SCRIPT_TAG = re.compile(r"<script\b(?P<attributes>[^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def templates():
    return [path for path in ROOT.glob("*/templates/**/*.html") if ".venv" not in path.parts]


def test_a_page_answers_with_a_policy_that_allows_no_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "connect-src 'self'" in policy
    assert "unsafe-eval" not in policy


def test_an_error_page_carries_the_policy_too(client):
    assert "Content-Security-Policy" in client.get("/no-such-page/").headers


def test_no_template_contains_an_inline_script_or_event_handler_attribute():
    offenders = []
    for path in templates():
        text = path.read_text()
        for match in SCRIPT_TAG.finditer(text):
            attributes = match["attributes"]
            if "src=" not in attributes and "application/json" not in attributes:
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0).strip()}" for m in EVENT_HANDLER.finditer(text)]
    assert templates(), "no templates found: the scan would prove nothing"
    assert offenders == []


def test_the_map_tile_host_may_serve_images():
    with override_settings(MAP_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png"):
        assert "img-src 'self' data: blob: https://*.tile.example.org;" in content_security_policy()


def test_a_tile_url_with_a_numbered_subdomain_allows_the_parent_domain():
    assert tile_source("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY") == "https://*.tianditu.gov.cn"


def test_no_tile_url_adds_no_image_host():
    with override_settings(MAP_TILE_URL=""):
        assert "img-src 'self' data: blob:;" in content_security_policy()
