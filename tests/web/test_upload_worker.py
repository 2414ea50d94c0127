"""An upload imported by a real ``stridelight worker`` process while another
process polls the page's progress endpoint (no test database: each process on
its own embedded store, so this runs once, not again on PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, real_files
from tests.web.store import STRIDELIGHT, embedded_env
from tests.web.test_tasks import run


def test_a_real_worker_writes_progress_the_page_can_poll_while_it_reads(
    tmp_path: Path,
) -> None:
    """An upload imported by a `stridelight worker` process, while another process
    polls the progress endpoint: it sees the files counted up before the end."""
    env = embedded_env(tmp_path / "store")
    env["ALLOWED_HOSTS"] = "testserver"
    files = [str(p) for p in real_files("fit", ".fit")]  # ~9 MB: the decoding pool
    step = [sys.executable, "-m", "tests.web.upload_steps"]
    upload_id = run([*step, "save", *files], env).strip().splitlines()[-1]
    watcher = subprocess.Popen(
        [*step, "watch", upload_id],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        run([STRIDELIGHT, "worker", "--batch"], env)
        out, _ = watcher.communicate(timeout=240)
    finally:
        watcher.kill()
    seen = [json.loads(line) for line in out.splitlines()]
    assert seen[-1]["state"] == "done", seen[-1]
    total = seen[-1]["entries_read"]
    assert total == len(files)
    counted = [s["entries_read"] for s in seen if s["state"] == "reading"]
    assert any(0 < n < total for n in counted), seen
    assert counted == sorted(counted)  # never backwards
    assert seen[-1]["counts"]["new"] + seen[-1]["counts"]["rejected"] >= 1
