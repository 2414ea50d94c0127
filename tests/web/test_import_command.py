"""``stridelight import`` as a user runs it: real processes on a fresh data folder,
and an import killed (SIGKILL) at many points then run again to completion."""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from stridelight.settings import SQLITE_FILE
from tests.conftest import ROOT
from tests.web.store import STRIDELIGHT, embedded_env
from tests.web.test_commands import GOOD, user_add

DEMO = ROOT / "samples" / "demo-runner"
ANN = "ann@example.com"


def stridelight_import(
    data_dir: Path, *paths: Path, runner: str = ANN
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STRIDELIGHT, "import", *map(str, paths), "--runner", runner],
        env=embedded_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    data_dir = tmp_path / "store"
    added = user_add(data_dir, ANN, GOOD)
    assert added.returncode == 0, added.stderr
    return data_dir


def test_an_import_counts_new_files_and_the_same_again_adds_nothing(
    store: Path,
) -> None:
    files = len(list((DEMO / "activities").iterdir()))
    first = stridelight_import(store, DEMO)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith(
        f"{files} new, 0 already there, 0 duplicates, 0 rejected."
    )
    again = stridelight_import(store, DEMO)
    assert again.returncode == 0, again.stderr
    assert f"0 new, {files} already there" in again.stdout


def test_a_rejected_file_is_one_line_with_its_reason_and_exit_1(
    store: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "runs"
    folder.mkdir()
    shutil.copy(DEMO / "activities" / "2026-09-03-easy.fit.gz", folder)
    (folder / "notes.gpx").write_text("not a track at all")
    done = stridelight_import(store, folder)
    assert done.returncode == 1
    rejected = [x for x in done.stderr.splitlines() if x.startswith("rejected: ")]
    assert len(rejected) == 1
    assert rejected[0].startswith(f"rejected: {folder}/notes.gpx: ")
    assert "1 new, 0 already there, 0 duplicates, 1 rejected." in done.stdout


def test_an_unknown_runner_is_a_clear_error(store: Path) -> None:
    done = stridelight_import(store, DEMO, runner="bob@example.com")
    assert done.returncode == 2
    assert "no account bob@example.com" in done.stderr
    assert "stridelight user add" in done.stderr


# --- kill and rerun ----------------------------------------------------------------

KILLS_BY_DELAY = 5
KILLS_BY_STORED_FILES = (2, 7, 12, 18, 24, 29)


def rows(data_dir: Path) -> set[tuple[str, str, str | None, str]]:
    """Every activity row: path, sha256, the path of its kept recording, file name."""
    with sqlite3.connect(data_dir / SQLITE_FILE) as db:
        found = db.execute(
            "SELECT a.path, a.sha256, k.path, a.original FROM runners_activity a "
            "LEFT JOIN runners_activity k ON a.duplicate_of_id = k.id"
        ).fetchall()
    return set(found)


def stored(data_dir: Path) -> dict[str, str]:
    """Stored original files by name, with the sha256 of their bytes."""
    files = data_dir / "files"
    return {
        p.relative_to(files).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files.rglob("*")
        if p.is_file()
    }


def killed(data_dir: Path, folder: Path, *, after_s: float | None, files: int) -> None:
    """Start an import and SIGKILL it (and its decoding workers) at one point."""
    process = subprocess.Popen(
        [STRIDELIGHT, "import", str(folder), "--runner", ANN],
        env=embedded_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own group: the workers die with it
    )
    deadline = time.monotonic() + (after_s if after_s is not None else 120)
    while process.poll() is None and time.monotonic() < deadline:
        if after_s is None and len(stored(data_dir)) >= files:
            break
        time.sleep(0.02)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def test_an_import_killed_at_many_points_ends_as_one_uninterrupted_import(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "runs"
    shutil.copytree(DEMO / "activities", folder)
    (folder / "broken.fit").write_bytes(b".FIT" + b"\x00" * 60)
    # One run twice (other bytes): a copy the duplicate rule must link, not count.
    packed = (folder / "2026-09-03-easy.fit.gz").read_bytes()
    (folder / "copy-of-easy.fit").write_bytes(gzip.decompress(packed))
    reference = tmp_path / "reference"
    assert user_add(reference, ANN, GOOD).returncode == 0
    started = time.monotonic()
    assert stridelight_import(reference, folder).returncode == 1  # the broken file
    whole = time.monotonic() - started
    expected = rows(reference)

    data_dir = tmp_path / "killed"
    assert user_add(data_dir, ANN, GOOD).returncode == 0
    pick = random.Random(20261101)
    delays = sorted(pick.uniform(0.2, whole) for _ in range(KILLS_BY_DELAY))
    points = [(d, 0) for d in delays] + [(None, k) for k in KILLS_BY_STORED_FILES]
    for after_s, stored_files in points:
        killed(data_dir, folder, after_s=after_s, files=stored_files)
    final = stridelight_import(data_dir, folder)
    assert final.returncode == 1, final.stderr  # only the broken file is rejected

    got = rows(data_dir)
    assert {r[:3] for r in got} == {r[:3] for r in expected}
    assert len(got) == len(expected)
    kept = stored(data_dir)
    assert {r[3] for r in got} == set(kept)  # no row without its file, no orphan
    assert all(kept[name] == sha for _, sha, _, name in got)
