"""``stridelight backup`` and ``restore``: every runner's analysis survives, files too.

Real processes on real stores: SQLite (the embedded default) always, and
PostgreSQL in the PostgreSQL pass of the tests, each into an empty database.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from tests.bundles import Run, RunnerSpec, write_runner_bundle
from tests.web.store import STRIDELIGHT, embedded_env

#: Small runners: each CLI call is a process of its own, and the demo runner's
#: 42 recordings made this the slowest test of the suite without testing more.
RUNNERS = ("ann@example.com", "bob@example.com")
ON = "2026-11-18"
PG = os.environ.get("DATABASE_URL", "")


def run(
    env: dict[str, str], *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STRIDELIGHT, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    return done.stdout


def small_bundle(folder: Path, day: int) -> Path:
    spec = RunnerSpec(
        runner={"sex": "male", "time_zone": "Europe/Paris"},
        runs=(
            Run(datetime(2026, 11, day, 7, 0), km=8, minutes=45),
            Run(datetime(2026, 11, day + 3, 7, 0), km=12, minutes=70),
        ),
        aches=({"at": "2026-11-06T08:00:00+01:00", "region": "arch", "side": "left",
                "intensity": 4, "timing": "next_morning"},),
    )  # fmt: skip
    return write_runner_bundle(spec, folder)


def filled_store(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """Two runners imported; each one's analysis as JSON text."""
    analyses = {}
    for day, email in enumerate(RUNNERS, start=2):
        ok(run(env, "user", "add", email, stdin="long and unusual phrase\n"))
        path = small_bundle(tmp_path / email, day)
        ok(run(env, "import", str(path), "--runner", email))
        analyses[email] = ok(
            run(env, "analyze", "--runner", email, "--json", "--on", ON)
        )
    return analyses


def assert_restored(
    source: dict[str, str],
    target: dict[str, str],
    tmp_path: Path,
    before: dict[str, str],
) -> None:
    backup = tmp_path / "backup.zip"
    said = ok(run(source, "backup", "-o", str(backup)))
    assert "Backed up the" in said
    with zipfile.ZipFile(backup) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    files = [m for m in manifest["members"] if m["path"].startswith("files/originals/")]
    assert len(files) == 4  # two runs each, every original kept
    restored = ok(run(target, "restore", str(backup)))
    assert f"{len(files)} files" in restored
    for email, analysis in before.items():
        again = ok(run(target, "analyze", "--runner", email, "--json", "--on", ON))
        assert json.loads(again) == json.loads(analysis), email
    # The restored store's originals are the files themselves: export reads them.
    export = tmp_path / "ann.zip"
    ok(run(target, "export", "--runner", "ann@example.com", "-o", str(export)))
    with zipfile.ZipFile(export) as bundle:
        assert len([n for n in bundle.namelist() if n.startswith("activities/")]) >= 1
    # A second restore over the accounts now there is refused, unless forced.
    refused = run(target, "restore", str(backup))
    assert refused.returncode == 1
    assert "already holds accounts" in refused.stderr
    ok(run(target, "restore", str(backup), "--force"))


def test_sqlite_backup_restores_into_an_empty_store_unchanged(tmp_path: Path) -> None:
    source = embedded_env(tmp_path / "source")
    before = filled_store(source, tmp_path)
    assert json.loads(before["bob@example.com"])["data"]["activities"] == 2
    assert_restored(source, embedded_env(tmp_path / "target"), tmp_path, before)


@pytest.fixture
def two_databases() -> Iterator[tuple[str, str]]:
    """Two empty PostgreSQL databases beside the test server's, dropped after."""
    names = [
        f"stridelight_backup_{which}_{uuid.uuid4().hex[:8]}" for which in ("a", "b")
    ]
    base = PG.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{base}/{names[0]}", f"{base}/{names[1]}"
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db  # selected by the PostgreSQL pass (`-m django_db`)
@pytest.mark.skipif(
    not PG.startswith("postgres"), reason="DATABASE_URL is not PostgreSQL"
)
def test_postgresql_backup_restores_into_an_empty_database_unchanged(
    tmp_path: Path, two_databases: tuple[str, str]
) -> None:
    source = embedded_env(tmp_path / "source") | {"DATABASE_URL": two_databases[0]}
    target = embedded_env(tmp_path / "target") | {"DATABASE_URL": two_databases[1]}
    before = filled_store(source, tmp_path)
    assert_restored(source, target, tmp_path, before)


def test_a_tampered_backup_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    source = embedded_env(tmp_path / "source")
    ok(run(source, "user", "add", "ann@example.com", stdin="long and unusual phrase\n"))
    ok(
        run(
            source,
            "import",
            str(small_bundle(tmp_path / "ann", 2)),
            "--runner",
            "ann@example.com",
        )
    )
    backup = tmp_path / "backup.zip"
    ok(run(source, "backup", "-o", str(backup)))
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(backup) as old, zipfile.ZipFile(tampered, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("files/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            new.writestr(item, data)
    target_dir = tmp_path / "target"
    refused = run(embedded_env(target_dir), "restore", str(tampered))
    assert refused.returncode == 1
    assert str(tampered) in refused.stderr
    assert "does not match its checksum" in refused.stderr
    assert not (target_dir / "files").exists()


def test_a_file_that_is_not_a_backup_is_refused_by_name(tmp_path: Path) -> None:
    other = tmp_path / "holiday.zip"
    with zipfile.ZipFile(other, "w") as bundle:
        bundle.writestr("manifest.json", '{"format": "something-else"}')
    refused = run(embedded_env(tmp_path / "target"), "restore", str(other))
    assert refused.returncode == 1
    assert f"{other}: not a Stridelight backup" in refused.stderr
