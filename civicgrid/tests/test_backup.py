"""manage.py backup / restore: a consistent, checked archive of the database and the uploads."""

import io
import sqlite3
import tarfile
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from cases.models import Attachment
from cases.services import case_report
from cases.tests.conftest import World, photo
from civicgrid.backup import BackupError, create_backup, restore_backup, sha256_of

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")


def sqlite_target(path: Path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def row_counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def row_counts_in(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables if t != "sqlite_sequence"}


def checksums(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256_of(p) for p in root.rglob("*") if p.is_file()}


def instance(tmp_path: Path) -> dict:
    """The test database as an instance's SQLite file: the demo, plus what the test wrote so far.

    The test's own connection holds an open transaction, which SQLite's backup API would wait on for ever;
    serialize() copies what that connection sees.
    """
    path = tmp_path / "instance.sqlite3"
    path.write_bytes(connection.connection.serialize())
    return sqlite_target(path)


@pytest.fixture
def case_with_photo(db):
    world = World()
    lng, lat = world.point()
    case, _ = case_report(
        source="patrol", description="井盖缺失", lng=lng, lat=lat, actor=world.patroller, photos=[photo()]
    )
    return case


@sqlite_only
@pytest.mark.django_db
def test_the_demo_round_trips_through_backup_and_restore(case_with_photo, tmp_path):
    archive = create_backup(output_dir=tmp_path / "backups", database=instance(tmp_path))
    target, media = tmp_path / "restored.sqlite3", tmp_path / "media"
    restore_backup(archive=archive, database=sqlite_target(target), media_root=media)
    expected = {table: n for table, n in row_counts_here().items() if table != "sqlite_sequence"}
    assert row_counts_in(target) == expected
    assert checksums(media) == checksums(Path(settings.MEDIA_ROOT))
    assert Attachment.objects.get(case=case_with_photo).file.name in checksums(media)


@sqlite_only
@pytest.mark.django_db
def test_a_backup_is_one_archive_with_a_manifest_of_every_file(case_with_photo, tmp_path):
    archive = create_backup(output_dir=tmp_path / "backups", database=instance(tmp_path))
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no staging folder or partial file left
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "database.sqlite3"} <= names
    assert archive.stat().st_mode & 0o777 == 0o600


@sqlite_only
@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_data(tmp_path):
    archive = create_backup(output_dir=tmp_path / "backups", database=instance(tmp_path))
    target = tmp_path / "restored.sqlite3"
    restore_backup(archive=archive, database=sqlite_target(target), media_root=tmp_path / "media")
    with pytest.raises(BackupError, match="--force"):
        restore_backup(archive=archive, database=sqlite_target(target), media_root=tmp_path / "media")


@sqlite_only
@pytest.mark.django_db
def test_restore_with_force_overwrites_a_database_that_has_data(tmp_path):
    archive = create_backup(output_dir=tmp_path / "backups", database=instance(tmp_path))
    target = tmp_path / "restored.sqlite3"
    restore_backup(archive=archive, database=sqlite_target(target), media_root=tmp_path / "media")
    restore_backup(archive=archive, database=sqlite_target(target), media_root=tmp_path / "media", force=True)
    assert row_counts_in(target)["accounts_user"] == row_counts_here()["accounts_user"]


@sqlite_only
@pytest.mark.django_db
def test_restore_checks_every_checksum_before_writing_anything(case_with_photo, tmp_path):
    archive = create_backup(output_dir=tmp_path / "backups", database=instance(tmp_path))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.addfile(member, fileobj=io.BytesIO(data))
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(BackupError, match="media/"):
        restore_backup(archive=damaged, database=sqlite_target(target), media_root=tmp_path / "media")
    assert not target.exists()


@pytest.mark.django_db
def test_the_restore_command_fails_clearly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "nothing.tar.gz"))
