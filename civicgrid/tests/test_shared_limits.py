"""Rate limits, one-use tokens and captcha answers hold across app processes (the embedded install runs several
gunicorn workers, each with its own in-process cache)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from civicgrid.ratelimit import forget_expired, hit, use_once

WORKER = """
import django, os, time
django.setup()
from civicgrid.ratelimit import hit, use_once
hit("warm-up", limit=1, window_seconds=3600)  # connect before the start line
while not os.path.exists(os.environ["GO"]):
    time.sleep(0.01)
allowed = sum(hit("shared", limit=150, window_seconds=3600).allowed for _ in range(100))
first = sum(use_once(f"token:{i}", ttl_seconds=600) for i in range(50))
from django.core.exceptions import ValidationError
from cases.captcha import OneUseCaptchaField
field, solved = OneUseCaptchaField(), 0
for i in range(50):
    try:
        field.clean([f"key{i}", "abcd"])
        solved += 1
    except ValidationError:
        pass
print(allowed, first, solved)
"""
CHALLENGES = """
import django
django.setup()
from captcha.models import CaptchaStore
for i in range(50):
    CaptchaStore.objects.create(hashkey=f"key{i}", challenge="ABCD", response="abcd")
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded install: one SQLite file, no Redis")
def test_two_processes_share_one_count_and_one_use(tmp_path: Path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civicgrid.settings",
        "CIVICGRID_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "SECRET_KEY": "test",
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.run([sys.executable, str(manage), "migrate", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)
    subprocess.run([sys.executable, "-c", CHALLENGES], env=env, check=True, cwd=settings.BASE_DIR)
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER],
            env={**env, "GO": str(go)},
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    go.touch()
    answers = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        answers.append([int(n) for n in out.split()])
    # 200 hits against a limit of 150: exactly 150 allowed in all, whatever the interleaving; each of the 50
    # tokens is used once in all, and each of the 50 captcha answers passes once, though both processes tried every one.
    allowed, used, solved = (sum(column) for column in zip(*answers, strict=True))
    assert (allowed, used, solved) == (150, 50, 50)
    print(f"two processes: {allowed} of 200 hits allowed, {used} of 100 uses, {solved} of 100 captcha answers")


def test_a_window_counts_and_a_token_is_used_once(db):
    assert [hit("k", limit=2, window_seconds=60, now=1000.0).allowed for _ in range(3)] == [True, True, False]
    assert hit("k", limit=2, window_seconds=60, now=1060.0).allowed  # the next window
    assert use_once("t", ttl_seconds=60) and not use_once("t", ttl_seconds=60)


def test_expired_counts_and_tokens_are_forgotten(db, time_machine):
    from datetime import UTC, datetime

    time_machine.move_to(datetime(2026, 12, 7, 2, 0, tzinfo=UTC), tick=False)
    hit("k", limit=2, window_seconds=60)
    use_once("t", ttl_seconds=60)
    time_machine.shift(120)
    assert forget_expired() == 2
    assert use_once("t", ttl_seconds=60)
