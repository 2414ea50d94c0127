"""Background work run by a real ``stridelight worker`` process.

The database queue (the default) and Redis (``STRIDELIGHT_TASKS_BACKEND=rq``):
a runner's analysis refresh is enqueued by one process, run by the worker, and
its result and its effect (the analysis in the cache) read back by another.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stridelight.core.vocabulary import CAUSE_IDS
from tests.conftest import ROOT
from tests.web.store import STRIDELIGHT, embedded_env


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        args,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def step(env: dict[str, str], *args: str) -> str:
    return run([sys.executable, "-m", "tests.web.task_steps", *args], env).strip()


def refresh_through_a_worker(env: dict[str, str]) -> dict[str, Any]:
    task_id = step(env, "enqueue").splitlines()[-1]
    waiting = json.loads(step(env, "result", task_id))
    assert waiting["status"] == "READY" and not waiting["cached"]
    run([STRIDELIGHT, "worker", "--batch"], env)
    done: dict[str, Any] = json.loads(step(env, "result", task_id))
    return done


def assert_refreshed(done: dict[str, Any]) -> None:
    assert done["status"] == "SUCCESSFUL"
    assert done["cached"]
    value = done["return_value"]
    assert value["as_of"] == "2026-11-18"
    assert value["data_version"] == done["data_version"] > 0
    assert sorted(value["causes"]) == sorted(CAUSE_IDS)


def test_a_worker_process_refreshes_the_analysis_from_the_database_queue(
    tmp_path: Path,
) -> None:
    assert_refreshed(refresh_through_a_worker(embedded_env(tmp_path)))


DEMO_FILES = ROOT / "samples" / "demo-runner" / "activities"


def test_a_worker_process_imports_a_folder_and_refreshes_the_analysis(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "watch"
    folder.mkdir()
    files = sorted(DEMO_FILES.iterdir())[:4]
    for file in files:
        shutil.copy(file, folder / file.name)
    env = embedded_env(tmp_path / "store")
    queued = json.loads(step(env, "import-enqueue", str(folder)).splitlines()[-1])
    assert queued["activities_before"] == 0
    run([STRIDELIGHT, "worker", "--batch"], env)
    done = json.loads(
        step(env, "import-result", queued["task"], queued["key"]).splitlines()[-1]
    )
    assert done["status"] == "SUCCESSFUL", done["errors"]
    assert [Path(p).name for p in done["paths"]] == [f.name for f in files]
    # the import raised the data version: the empty runner's analysis is not read
    assert done["key_now"] != done["key_before"]
    assert done["cached_activities"] == len(files)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A Redis of this test's own when the server is installed (nothing else's
    jobs in its queue), else the one on 127.0.0.1:6379."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield "redis://127.0.0.1:6379/0"
        return
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(port, server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_worker_process_refreshes_the_analysis_from_redis(
    tmp_path: Path, redis_url: str
) -> None:
    env = embedded_env(tmp_path)
    env.update(STRIDELIGHT_TASKS_BACKEND="rq", REDIS_URL=redis_url)
    assert_refreshed(refresh_through_a_worker(env))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "redis-server stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"redis-server did not listen on {port}")
