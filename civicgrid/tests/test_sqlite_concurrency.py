"""The embedded install: two processes write one SQLite file at once without "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

WRITER = """
import django, os, time
django.setup()
from django.db import transaction
from audit.models import AuditEntry
from audit.services import audit_access
AuditEntry.objects.exists()  # connect before the start line
while not os.path.exists(os.environ["GO"]):  # both start writing together
    time.sleep(0.01)
for i in range(300):
    # Read, then write, in one transaction: the pattern that fails with
    # deferred transactions when two processes upgrade their read locks at once.
    with transaction.atomic():
        n = AuditEntry.objects.count()
        audit_access(actor=None, action="test.write", target_type="t", target_id=str(n), summary=os.environ["WHO"])
print("ok")
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default only")
def test_two_processes_write_concurrently(tmp_path: Path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civicgrid.settings",
        "CIVICGRID_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "SECRET_KEY": "test",
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.run([sys.executable, str(manage), "migrate", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)
    go = tmp_path / "go"
    env["GO"] = str(go)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER],
            env={**env, "WHO": who},
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("a", "b")
    ]
    go.touch()
    results = [writer.communicate(timeout=120) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.strip() == "ok"
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from audit.models import AuditEntry;"
            "import sqlite3; from django.db import connection; connection.ensure_connection();"
            "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
            "print(AuditEntry.objects.filter(action='test.write').count());"
            "from audit.chain import verify_chain; print(verify_chain().first_break is None)",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    mode, count, chain_intact = check.stdout.split()
    assert mode == "wal"
    assert count == "600"
    assert chain_intact == "True"  # the audit chain did not fork: SQLite's IMMEDIATE transactions serialise appends
