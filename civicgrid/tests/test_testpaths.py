import tomllib
from pathlib import Path

from django.conf import settings


def test_every_app_with_tests_is_in_the_suite():
    root = Path(settings.BASE_DIR)
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"])
    with_tests = {p.parent.parent.name for p in root.glob("*/tests/__init__.py")}
    assert with_tests <= listed
