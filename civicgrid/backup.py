"""Backup and restore of a whole instance: the database and the uploaded files, in one checked archive.

A backup is `civicgrid-backup-<UTC time>.tar.gz` holding `manifest.json`, the database (`database.sqlite3`,
made with SQLite's online backup API, or `database.pgdump`, pg_dump's custom format) and `media/` (a copy of
MEDIA_ROOT). The manifest lists every other file with its size and SHA-256. The archive is built under a
hidden `.partial` name and renamed when complete, so a half-written backup never looks like one.

The database is copied first, the files second: an upload made in between is in the backup without a row
naming it, but every file a backed-up row names is there (uploads are never rewritten in place).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA = "media"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person running the command."""


def create_backup(*, output_dir: Path, database: dict | None = None, media_root: Path | None = None) -> Path:
    """Write a complete backup archive into output_dir and return its path.

    `database` is a settings dict (ENGINE, NAME, ...), the default database's when omitted.
    """
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    vendor = _vendor(database)
    created_at = datetime.now(UTC)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = output_dir / f"civicgrid-backup-{created_at:%Y%m%dT%H%M%S%fZ}.tar.gz"
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".civicgrid-backup-") as staging:
        staging = Path(staging)
        files = {}
        database_file = _dump_database(database, staging)
        files[database_file.name] = _describe(database_file)
        for source, relative in _media_files(media_root):
            target = staging / MEDIA / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            files[f"{MEDIA}/{relative}"] = _copy(source, target)
        manifest = {
            "format": FORMAT,
            "app": "civicgrid",
            "app_version": app_version(),
            "database_vendor": vendor,
            "created_at": created_at.isoformat(),
            "files": files,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial = output_dir / f".{final.name}.partial"
        try:
            # Level 1: photos do not compress, and the backup runs beside the live app on few cores.
            with tarfile.open(partial, "w:gz", compresslevel=1) as archive:
                archive.add(staging / MANIFEST, arcname=MANIFEST)
                for name in files:
                    archive.add(staging / name, arcname=name)
            os.chmod(partial, 0o600)  # it holds everything the instance knows about people
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
    return final


def restore_backup(
    *, archive: Path, database: dict | None = None, media_root: Path | None = None, force: bool = False
) -> dict:
    """Restore an archive into an empty instance (database settings and MEDIA_ROOT); return its manifest.

    Every file is checked against the manifest before anything is written. `database` is a settings dict
    (ENGINE, NAME, ...), the default database's when omitted.
    """
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    vendor = _vendor(database)
    with tempfile.TemporaryDirectory(prefix="civicgrid-restore-") as unpacked:
        unpacked = Path(unpacked)
        manifest = _unpack_and_check(Path(archive), unpacked)
        if manifest["database_vendor"] != vendor:
            raise BackupError(
                _("This backup is of a %(backup)s database; this instance uses %(target)s.")
                % {"backup": manifest["database_vendor"], "target": vendor}
            )
        if not force and _has_data(database):
            raise BackupError(
                _(
                    "The database already has data (users or audit entries). Restore into an empty instance, or use --force to overwrite it."
                )
            )
        _close_connections_to(database)  # the restore replaces what they would be reading
        if vendor == "sqlite":
            _restore_sqlite(unpacked / SQLITE_FILE, Path(database["NAME"]))
        else:
            _restore_postgres(unpacked / POSTGRES_FILE, database)
        for name in manifest["files"]:
            if name.startswith(f"{MEDIA}/"):
                target = media_root / name.removeprefix(f"{MEDIA}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(unpacked / name, target)
    return manifest


def app_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Backup ------------------------------------------------------------------------------------------------


def _dump_database(database: dict, staging: Path) -> Path:
    if _vendor(database) == "sqlite":
        source = Path(database["NAME"])
        if not source.is_file():
            raise BackupError(_("No SQLite database at %(path)s.") % {"path": source})
        target = staging / SQLITE_FILE
        # A connection of its own, reading what is committed. One step (pages=-1) is one read transaction,
        # so the copy is one consistent moment while the app goes on writing (WAL lets it).
        with closing(sqlite3.connect(source, timeout=20)) as reader, closing(sqlite3.connect(target)) as writer:
            reader.backup(writer)
        return target
    target = staging / POSTGRES_FILE
    # pg_dump reads one snapshot of the whole database: consistent while the app writes.
    _run_postgres_tool("pg_dump", ["--format=custom", "--no-owner", f"--file={target}"], database)
    return target


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    if not media_root.is_dir():
        return
    for folder, _dirs, names in os.walk(media_root):
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(media_root).as_posix()


def _copy(source: Path, target: Path) -> dict:
    """Copy a file, hashing it on the way: one read of each upload."""
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as reader, open(target, "wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _describe(path: Path) -> dict:
    return {"sha256": sha256_of(path), "size": path.stat().st_size}


# --- Restore -----------------------------------------------------------------------------------------------


def _unpack_and_check(archive: Path, into: Path) -> dict:
    if not archive.is_file():
        raise BackupError(_("No backup file at %(path)s.") % {"path": archive})
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(into, filter="data")  # refuses absolute paths, "..", links out of the folder
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(_("%(path)s is not a readable backup: %(error)s") % {"path": archive, "error": exc}) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Unknown backup format %(format)s.") % {"format": manifest.get("format")})
    listed = set(manifest["files"])
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    for name in sorted(present - listed):
        raise BackupError(_("%(name)s is in the backup but not in its manifest.") % {"name": name})
    for name, expected in sorted(manifest["files"].items()):
        path = into / name
        if name not in present:
            raise BackupError(_("%(name)s is missing from the backup.") % {"name": name})
        if path.stat().st_size != expected["size"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(_("%(name)s does not match its checksum: the backup is damaged.") % {"name": name})
    return manifest


def _close_connections_to(database: dict) -> None:
    for connection in connections.all(initialized_only=True):
        if connection.settings_dict["NAME"] == database["NAME"]:
            connection.close()


def _vendor(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": engine})


def _has_data(database: dict) -> bool:
    """Whether the target holds an instance's data. A freshly migrated database has seed rows, no users."""
    from django.apps import apps

    tables = [
        apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table,
        apps.get_model("audit", "AuditEntry")._meta.db_table,
    ]
    if _vendor(database) == "sqlite":
        path = Path(database["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return False
        with closing(sqlite3.connect(path)) as db:
            existing = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return any(
                db.execute(f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0] for t in tables if t in existing
            )
    import psycopg

    with psycopg.connect(**_postgres_params(database)) as db:
        for table in tables:
            found = db.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone()[0]
            if found and db.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
                return True
    return False


def _restore_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.touch(mode=0o600)
    # Through SQLite rather than a file copy: a -wal file beside the target cannot leak old pages back in.
    with closing(sqlite3.connect(source)) as reader, closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)
    os.chmod(target, 0o600)


def _restore_postgres(source: Path, database: dict) -> None:
    _run_postgres_tool(
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", str(source)],
        database,
    )


def _postgres_params(database: dict) -> dict:
    params = {"dbname": database["NAME"]}
    for key, param in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if database.get(key):
            params[param] = str(database[key])
    return params


def _run_postgres_tool(tool: str, arguments: list[str], database: dict) -> None:
    if shutil.which(tool) is None:
        raise BackupError(
            _(
                "%(tool)s is not installed (Debian/Ubuntu: apt-get install postgresql-client; its major version must be at least the server's)."
            )
            % {"tool": tool}
        )
    params = _postgres_params(database)
    # The password goes through the environment, never the command line that `ps` shows.
    environment = {**os.environ, "PGDATABASE": params["dbname"]}
    for param, variable in (("user", "PGUSER"), ("password", "PGPASSWORD"), ("host", "PGHOST"), ("port", "PGPORT")):
        if param in params:
            environment[variable] = params[param]
    if tool == "pg_restore":
        arguments = [f"--dbname={params['dbname']}", *arguments]
    result = subprocess.run([tool, *arguments], env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(_("%(tool)s failed: %(error)s") % {"tool": tool, "error": result.stderr.strip()[-2000:]})
