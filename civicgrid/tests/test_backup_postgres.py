"""The PostgreSQL round trip: pg_dump's archive restored with pg_restore into a new, empty database."""

import shutil
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from civicgrid.backup import _postgres_params, create_backup, restore_backup

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL round trip"),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore")),
        reason="pg_dump/pg_restore not on PATH (Debian: apt-get install postgresql-client)",
    ),
]


def row_counts(params: dict) -> dict[str, int]:
    # A connection of its own: it sees what is committed, as pg_dump does.
    with psycopg.connect(**params) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def empty_database():
    source = {**settings.DATABASES["default"], "NAME": connection.settings_dict["NAME"]}
    target = {**source, "NAME": f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"}
    admin = {**_postgres_params(source), "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**admin) as db:
        db.execute(f'CREATE DATABASE "{target["NAME"]}"')
    yield source, target
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')


@pytest.mark.django_db
def test_the_demo_round_trips_through_pg_dump_and_pg_restore(empty_database, tmp_path):
    source, target = empty_database
    archive = create_backup(output_dir=tmp_path / "backups", database=source, media_root=tmp_path / "no-media")
    restore_backup(archive=archive, database=target, media_root=tmp_path / "media")
    assert row_counts(_postgres_params(target)) == row_counts(_postgres_params(source))
