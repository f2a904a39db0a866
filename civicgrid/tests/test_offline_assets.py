"""Offices run on an intranet: nothing may be loaded from the internet."""

import re
from pathlib import Path

from django.conf import settings

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?(?:https?:)?//""", re.I)


def _files(pattern: str):
    base = Path(settings.BASE_DIR)
    for path in base.rglob(pattern):
        if any(part in {".venv", "staticfiles", "node_modules", "var"} for part in path.parts):
            continue
        yield path


def test_templates_load_nothing_from_outside():
    offenders = [str(path) for path in _files("*.html") if EXTERNAL.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_stylesheets_import_nothing_from_outside():
    offenders = [str(path) for path in _files("*.css") if CSS_IMPORT.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_static_files_are_served_by_the_app(client, db):
    response = client.get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
