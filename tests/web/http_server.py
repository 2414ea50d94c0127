"""The real web server (gunicorn, as ``stridelight serve`` runs it) on this
test's database, and many clients hitting it at the same instant."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.web.live_db import free_port, process_env


@contextmanager
def running_server(
    data_dir: Path, *, workers: int = 3, threads: int = 10
) -> Iterator[str]:
    """gunicorn with ``workers`` processes of ``threads`` threads: up to
    workers × threads requests at once, each thread its own connection."""
    port = free_port()
    env = process_env(
        data_dir,
        # Room for the race: its 30 bookings come from one address.
        STRIDELIGHT_API_BOOKINGS_PER_MINUTE="10000",
        STRIDELIGHT_API_READS_PER_MINUTE="10000",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "stridelight.web.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--worker-class", "gthread"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=60)
        assert "Traceback" not in errors, errors


def _wait_until_up(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not answer /healthz within a minute")


def request(url: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    """GET, or POST ``body`` as JSON; the status and the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    made = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(made, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text.decode(errors="replace")


def post_all_at_once(url: str, bodies: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    """Every body POSTed from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(bodies))
    answers: list[tuple[int, Any]] = [(0, None)] * len(bodies)

    def send(n: int) -> None:
        barrier.wait()
        answers[n] = request(url, bodies[n])

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
