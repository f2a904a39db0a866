"""Test settings: the real settings, with tasks run inline and fast password hashing."""

import tempfile
from pathlib import Path

from civicgrid.settings import *  # noqa: F403
from civicgrid.settings import HUEY, STORAGES

HUEY = {**HUEY, "immediate": True}
HUEY_IMMEDIATE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="civicgrid-media-"))
# Serve static files straight from the apps (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Sequences are not reset between tests, so every test starts after an id gap: do not wait for it.
ROLLUP_GAP_GRACE_SECONDS = 0
