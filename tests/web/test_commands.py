"""The store's commands as a user runs them: real processes on a fresh data folder."""

from __future__ import annotations

import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from stridelight.settings import SQLITE_FILE
from tests.web.live_db import free_port
from tests.web.store import STRIDELIGHT, embedded_env

GOOD = "long and unusual phrase\n"


def user_add(
    data_dir: Path, email: str, password: str, role: str = "runner"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STRIDELIGHT, "user", "add", email, "--role", role],
        input=password,
        env=embedded_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_first_command_creates_and_migrates_the_embedded_database(
    tmp_path: Path,
) -> None:
    added = user_add(tmp_path, "ann@example.com", GOOD, "therapist")
    assert added.returncode == 0, added.stderr
    assert "ann@example.com" in added.stdout
    with sqlite3.connect(tmp_path / SQLITE_FILE) as db:
        (mode,) = db.execute("PRAGMA journal_mode").fetchone()
        rows = db.execute("SELECT email, role, is_staff FROM accounts_user").fetchall()
    assert mode == "wal"
    assert rows == [("ann@example.com", "therapist", 1)]
    again = user_add(tmp_path, "bob@example.com", GOOD)  # migrated already
    assert again.returncode == 0, again.stderr


def test_a_weak_password_is_refused_with_the_reason_and_exit_1(tmp_path: Path) -> None:
    refused = user_add(tmp_path, "ann@example.com", "short\n")
    assert refused.returncode == 1
    assert "too short" in refused.stderr
    assert refused.stderr.startswith("error: ")


def test_serve_answers_healthz_login_and_static_files(tmp_path: Path) -> None:
    with serving(tmp_path) as (base, get):
        assert get(f"{base}/healthz") == (200, b"ok\n")
        status, page = get(f"{base}/accounts/login/")
        assert status == 200
        assert b'name="password"' in page
        status, _ = get(f"{base}/static/admin/css/base.css")
        assert status == 200


@contextmanager
def serving(
    tmp_path: Path,
) -> Iterator[tuple[str, Callable[[str], tuple[int, bytes]]]]:
    """``stridelight serve`` on the embedded default in ``tmp_path``: its address
    and a GET that waits until it listens; stopped afterwards."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [STRIDELIGHT, "serve", "--port", str(port), "--workers", "1"],
            env=embedded_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield f"http://127.0.0.1:{port}", partial(_get, server=server, log=log)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str, *, server: subprocess.Popen[bytes], log: Path) -> tuple[int, bytes]:
    """GET once the server listens (collecting static files first takes a while)."""
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None:
                raise AssertionError(log.read_text(errors="replace")) from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_the_worker_runs_the_waiting_tasks_and_exits_with_batch(tmp_path: Path) -> None:
    done = subprocess.run(
        [STRIDELIGHT, "worker", "--batch"],
        env=embedded_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / SQLITE_FILE) as db:
        (tables,) = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'django_tasks_database_dbtaskresult'"
        ).fetchone()
    assert tables == 1  # the queue's table exists: the worker migrated first
