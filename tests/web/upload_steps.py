"""Steps of the upload worker test, each its own process on an embedded store.

``python -m tests.web.upload_steps save FILE…`` signs up a runner and saves an
upload of the files as the page does (its import enqueued on the database
queue), printing the upload's id; ``… watch ID`` polls the page's progress
endpoint every few milliseconds until the upload is finished, printing each
distinct answer as one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from stridelight.web.bootstrap import ensure_database

EMAIL = "ann@example.com"
#: How long the watcher waits for a finished upload.
PATIENCE_S = 240


def save(paths: list[str]) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stridelight.runners.services import runner_for
    from stridelight.runners.uploads import upload_save
    from tests.web.store import a_runner

    files = [SimpleUploadedFile(Path(p).name, Path(p).read_bytes()) for p in paths]
    upload = upload_save(runner=runner_for(a_runner(EMAIL)), files=files)
    return int(upload.pk)


def watch(upload_id: str) -> None:
    from django.test import Client

    from stridelight.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=EMAIL))
    deadline = time.monotonic() + PATIENCE_S
    last = None
    while time.monotonic() < deadline:
        answer = json.loads(client.get(f"/me/uploads/{upload_id}/progress/").content)
        seen = {k: answer[k] for k in ("state", "entries_read", "files", "counts")}
        if seen != last:
            sys.stdout.write(json.dumps(seen) + "\n")
            sys.stdout.flush()
            last = seen
        if answer["finished"]:
            return
        time.sleep(0.02)


if __name__ == "__main__":
    ensure_database()
    if sys.argv[1] == "save":
        sys.stdout.write(f"{save(sys.argv[2:])}\n")
    else:
        watch(sys.argv[2])
