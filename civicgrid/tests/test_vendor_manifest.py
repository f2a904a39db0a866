"""The vendored front-end files are exactly those listed in vendor/manifest.json, unchanged."""

import hashlib
import json
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "civicgrid" / "static" / "vendor"
# The two documents that describe the folder are not vendored files themselves.
DESCRIPTIONS = {"VERSIONS.md", "manifest.json"}


def manifest() -> list[dict]:
    return json.loads((VENDOR / "manifest.json").read_text())["files"]


def files_on_disk() -> set[str]:
    return {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file() and p.name not in DESCRIPTIONS}


def test_every_vendored_file_is_listed_in_the_manifest():
    assert files_on_disk() - {entry["path"] for entry in manifest()} == set()


def test_nothing_listed_in_the_manifest_is_missing():
    assert {entry["path"] for entry in manifest()} - files_on_disk() == set()


def test_every_vendored_file_has_the_checksum_the_manifest_gives():
    changed = [
        entry["path"]
        for entry in manifest()
        if (VENDOR / entry["path"]).is_file()
        and hashlib.sha256((VENDOR / entry["path"]).read_bytes()).hexdigest() != entry["sha256"]
    ]
    assert changed == []


def test_every_manifest_package_and_version_appears_in_versions_md():
    # The human-readable table and the machine-readable list must not drift apart.
    table = (VENDOR / "VERSIONS.md").read_text()
    missing = {
        f"{e['package']} {e['version']}" for e in manifest() if f"| {e['package']} | {e['version']} |" not in table
    }
    assert missing == set()
