"""Backing up and restoring the store: the database and the stored original files.

A backup is one zip: ``manifest.json`` (format, version, when, which engine,
and the size and sha256 of every other member), the database's dump
(``database.sqlite3`` through SQLite's online backup API, which copies a
consistent snapshot while the web app keeps writing; or ``database.pgdump``
from ``pg_dump -Fc``), and ``files/`` with every file of Django's default
storage (the runners' original activity files).

Restore checks the whole zip against its manifest before it writes anything,
refuses a database that already holds accounts unless forced, and writes the
files through the same storage, so the store after a restore is the store that
was backed up (docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection

FORMAT = "stridelight-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES = "files/"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be made, or a file that cannot be restored (says why)."""


@dataclass(frozen=True)
class Summary:
    engine: str
    files: int
    bytes: int


def backup(target: Path, *, now: datetime) -> Summary:
    """Write a backup of the database and the stored files to ``target``.

    Written beside the target and renamed into place, so a failed backup never
    leaves a half-written file under the name asked for.
    """
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="stridelight-backup-") as work:
        dump = Path(work) / DUMPS[engine]
        _dump_database(engine, dump)
        partial = target.with_name(target.name + ".partial")
        try:
            members = _write_zip(partial, dump, engine=engine, now=now)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    files = [m for m in members if m["path"].startswith(FILES)]
    return Summary(engine, len(files), sum(int(m["size"]) for m in members))


def restore(source: Path, *, force: bool = False) -> Summary:
    """Restore the backup at ``source`` into this store's database and storage."""
    engine = _engine()
    with zipfile.ZipFile(source) as bundle:
        manifest = _checked_manifest(bundle, source, engine)
        if not force and _holds_accounts():
            raise BackupError(
                "the database already holds accounts: restore into an empty one, "
                "or give --force to replace its contents"
            )
        with tempfile.TemporaryDirectory(prefix="stridelight-restore-") as work:
            dump = Path(work) / DUMPS[engine]
            with bundle.open(DUMPS[engine]) as src, dump.open("wb") as out:
                shutil.copyfileobj(src, out, CHUNK)
            connection.close()
            _load_database(engine, dump, force=force)
        files = [m for m in manifest["members"] if m["path"].startswith(FILES)]
        for member in files:
            _restore_file(bundle, member["path"])
    cache.clear()  # analyses cached for the old contents must not be read again
    total = sum(int(m["size"]) for m in manifest["members"])
    return Summary(engine, len(files), total)


# --- the database ----------------------------------------------------------


def _engine() -> str:
    name = str(settings.DATABASES["default"]["ENGINE"])
    for engine in DUMPS:
        if name.endswith(engine) or name.endswith(engine + "3"):
            return engine
    raise BackupError(f"cannot back up a {name} database: SQLite or PostgreSQL only")


def _dump_database(engine: str, dump: Path) -> None:
    if engine == "sqlite":
        with _sqlite(_sqlite_path()) as src, _sqlite(dump) as dst:
            src.backup(dst)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}"])


def _load_database(engine: str, dump: Path, *, force: bool) -> None:
    if engine == "sqlite":
        target = _sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        with _sqlite(dump) as src, _sqlite(target) as dst:
            src.backup(dst)  # replaces every page of the target, in one step
        return
    clean = ["--clean", "--if-exists"] if force else []
    _run(["pg_restore", "--no-owner", "--exit-on-error", *clean, f"--dbname={_pg_name()}", str(dump)])  # fmt: skip


class _sqlite:
    """A plain sqlite3 connection, closed on leaving (sqlite3's own only commits)."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path)

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()


def _sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("the database is in memory: nothing on disk to back up")
    return Path(name)


def _pg_name() -> str:
    return str(settings.DATABASES["default"]["NAME"])


def _run(argv: list[str]) -> None:
    """Run a PostgreSQL client tool; the password goes in its environment, not argv."""
    if shutil.which(argv[0]) is None:
        raise BackupError(f"{argv[0]} is not installed (Debian: postgresql-client)")
    database = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603  (fixed tool, our arguments)
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip()[-2000:]}")


def _holds_accounts() -> bool:
    if "accounts_user" not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM accounts_user LIMIT 1")
        return cursor.fetchone() is not None


# --- the zip ----------------------------------------------------------------


def _write_zip(
    path: Path, dump: Path, *, engine: str, now: datetime
) -> list[dict[str, Any]]:
    members: list[dict[str, Any]] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as bundle:
        with dump.open("rb") as src:
            members.append(_add(bundle, DUMPS[engine], src))
        for name in sorted(_stored_names()):
            with default_storage.open(name, "rb") as src:
                members.append(_add(bundle, FILES + name, src))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": now.astimezone(UTC).isoformat(),
            "engine": engine,
            "members": members,
        }
        bundle.writestr(MANIFEST, json.dumps(manifest, indent=1) + "\n")
    return members


def _add(bundle: zipfile.ZipFile, name: str, src: Any) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with bundle.open(name, "w", force_zip64=True) as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"path": name, "size": size, "sha256": digest.hexdigest()}


def _stored_names(folder: str = "") -> Iterator[str]:
    """Every file of the default storage, as storage names (``a/b/c``)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    yield from (prefix + f for f in files)
    for sub in folders:
        yield from _stored_names(prefix + sub)


def _checked_manifest(
    bundle: zipfile.ZipFile, source: Path, engine: str
) -> dict[str, Any]:
    """The manifest, once every member is where it says and hashes as it says."""
    try:
        manifest = json.loads(bundle.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError(
            f"{source}: not a Stridelight backup (no readable {MANIFEST})"
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: not a Stridelight backup ({MANIFEST} format)")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{source}: backup version {manifest.get('version')!r}; this Stridelight reads {VERSION}"
        )
    if manifest.get("engine") != engine:
        raise BackupError(
            f"{source}: a {manifest.get('engine')} backup cannot go into this {engine} database"
        )
    names = set(bundle.namelist())
    for member in manifest["members"]:
        path = str(member["path"])
        _check_name(source, path)
        if path not in names:
            raise BackupError(f"{source}: {path} is in the manifest but not in the zip")
        if _sha256(bundle, path) != member["sha256"]:
            raise BackupError(f"{source}: {path} does not match its checksum")
    return manifest


def _check_name(source: Path, path: str) -> None:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise BackupError(f"{source}: unsafe member name {path!r}")
    if path not in DUMPS.values() and not path.startswith(FILES):
        raise BackupError(f"{source}: unexpected member {path!r}")


def _sha256(bundle: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with bundle.open(name) as src:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _restore_file(bundle: zipfile.ZipFile, path: str) -> None:
    name = path.removeprefix(FILES)
    if default_storage.exists(name):
        default_storage.delete(name)
    with bundle.open(path) as src:
        saved = default_storage.save(name, File(src, name=name))
    if saved != name:
        raise BackupError(f"{name} was stored as {saved}: the storage renamed it")
