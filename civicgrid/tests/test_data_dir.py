"""The embedded data folder and its SQLite files are readable by the app's own user only."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_a_new_data_folder_is_private_and_so_is_its_database(tmp_path: Path):
    data_dir = tmp_path / "var"
    env = {**os.environ, "CIVICGRID_DATA_DIR": str(data_dir), "DATABASE_URL": "", "SECRET_KEY": "test"}
    subprocess.run(
        [sys.executable, "-c", "import civicgrid.settings"], env=env, cwd=settings.BASE_DIR, check=True, timeout=60
    )
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert (data_dir / "civicgrid.sqlite3").stat().st_mode & 0o777 == 0o600
    assert (data_dir / "huey.sqlite3").stat().st_mode & 0o777 == 0o600
