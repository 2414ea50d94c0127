"""Uploads from /me/uploads/: saved as they arrive, imported by the worker.

``upload_save`` (the page's POST) writes each file into a new folder with a
random name under ``settings.UPLOAD_DIR`` (the data folder, never served: the
runner's own file names never reach a path outside it), keeps an ``Upload``
row with a row per file, and enqueues the import once those rows are committed.

``upload_import`` (the worker) runs ``import_sources`` over the files and writes
its progress into those rows while it reads, so the page can poll it: which file
is being read and how many activity files it held so far.  When it is over the
import's ``ImportRun`` (counts, rejected files) is linked, the rejected files are
named as the runner sent them, and the folder is removed: the originals are kept
in the store by then (``runners.originals``).
"""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.move import file_move_safe
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadedfile import UploadedFile as SentFile
from django.db import transaction
from django.utils.text import get_valid_filename

from stridelight import settings as env
from stridelight.runners import models as m
from stridelight.runners.import_files import WORKERS
from stridelight.runners.imports import import_sources
from stridelight.runners.tasks import upload_import_task

#: How often, at most, progress is written while files are read: the page polls
#: about every second, and a write per file would cost an export thousands.
PROGRESS_EVERY_S = 0.5
#: Below this many bytes an upload is decoded in the worker's own process:
#: starting the decoding processes would take longer than the files.
SMALL_UPLOAD_BYTES = 8 * 1024 * 1024
#: A name for a file whose own name has nothing usable left.
FALLBACK_NAME = "upload"


def upload_root() -> Path:
    return Path(settings.UPLOAD_DIR)


def upload_save(*, runner: m.Runner, files: Sequence[SentFile[bytes]]) -> m.Upload:
    """Keep the files for the worker and enqueue their import; the new upload."""
    folder = secrets.token_hex(16)
    where = upload_root() / folder
    where.mkdir(parents=True, mode=0o700)
    try:
        saved = [_save(file, where, number) for number, file in enumerate(files, 1)]
        with transaction.atomic():
            upload = m.Upload.objects.create(runner=runner, folder=folder)
            m.UploadedFile.objects.bulk_create(
                m.UploadedFile(upload=upload, name=name, stored_as=stored, size=size)
                for name, stored, size in saved
            )
            transaction.on_commit(lambda: _enqueue(upload.pk))
    except BaseException:
        shutil.rmtree(where, ignore_errors=True)
        raise
    return upload


def _save(file: SentFile[bytes], where: Path, number: int) -> tuple[str, str, int]:
    """One file into its own numbered folder, under a name safe for a path.

    The name is kept (the activity's path in the store is the file's name), so
    only characters a path cannot misread survive; the folder keeps two files
    of the same name apart.
    """
    sent = Path(file.name or FALLBACK_NAME).name
    try:
        safe = get_valid_filename(sent)[:200]
    except SuspiciousFileOperation:  # nothing usable left of the name ("..")
        safe = FALLBACK_NAME
    stored = f"{number:04d}/{safe}"
    target = where / stored
    target.parent.mkdir(mode=0o700)
    if isinstance(file, TemporaryUploadedFile):
        # Django spooled a large file to disk already: moved, not copied again.
        file_move_safe(file.temporary_file_path(), str(target))
        return sent[:255], stored, target.stat().st_size
    size = 0
    with open(target, "xb") as out:
        for chunk in file.chunks():
            size += out.write(chunk)
    return sent[:255], stored, size


def upload_files_remove(*, runner: m.Runner) -> int:
    """Remove the files of the runner's uploads still waiting on this machine
    (deleting an account: their rows go with it, these files would not).
    Returns how many folders were removed."""
    removed = 0
    for folder in m.Upload.objects.filter(runner=runner).values_list(
        "folder", flat=True
    ):
        where = upload_root() / folder
        if where.is_dir():
            shutil.rmtree(where)
            removed += 1
    return removed


def _enqueue(upload_id: int) -> None:
    upload_import_task.enqueue(upload_id)


def upload_import(*, upload_id: int) -> m.Upload:
    """Import a waiting upload, writing progress as it goes; the upload, updated.

    An upload that is not waiting is left as it is (a task delivered twice does
    its work once).  An import that fails is marked failed and raised again.
    """
    claimed = m.Upload.objects.filter(pk=upload_id, state=m.Upload.State.WAITING)
    upload = m.Upload.objects.select_related("runner__user").get(pk=upload_id)
    if not claimed.update(state=m.Upload.State.READING):
        return upload
    where = upload_root() / upload.folder
    files = list(upload.files.all())
    tracker = _Tracker(upload_id, {where / f.stored_as: f for f in files})
    try:
        report = import_sources(
            user=upload.runner.user,
            sources=[where / f.stored_as for f in files],
            progress=tracker.entry,
            on_source=tracker.source,
            limits=env.import_limits(),
            workers=0 if sum(f.size for f in files) < SMALL_UPLOAD_BYTES else WORKERS,
        )
    except Exception as exc:
        m.Upload.objects.filter(pk=upload_id).update(
            state=m.Upload.State.FAILED,
            error=f"The import stopped: {type(exc).__name__}. Please try again.",
        )
        raise
    finally:
        shutil.rmtree(where, ignore_errors=True)
    tracker.finish()
    _finish(upload_id, report.run_id, files, where)
    upload.refresh_from_db()
    return upload


@transaction.atomic
def _finish(
    upload_id: int, run_id: int | None, files: list[m.UploadedFile], where: Path
) -> None:
    """Link the import's counts; name rejected files as the runner sent them."""
    for rejected in m.RejectedFile.objects.filter(run_id=run_id):
        shown = _as_sent(rejected.path, files, where)
        if shown != rejected.path:
            m.RejectedFile.objects.filter(pk=rejected.pk).update(path=shown)
    m.Upload.objects.filter(pk=upload_id).update(
        state=m.Upload.State.DONE, run_id=run_id
    )


def _as_sent(path: str, files: list[m.UploadedFile], where: Path) -> str:
    """``/data/uploads/<random>/0001/export.zip/a.fit`` as ``export.zip/a.fit``."""
    for file in files:
        stored = str(where / file.stored_as)
        if path == stored or path.startswith(stored + "/"):
            return file.name + path[len(stored) :]
    return path


@dataclass
class _Tracker:
    """Writes an import's progress into the upload's rows, at most every
    ``PROGRESS_EVERY_S`` seconds while files are read, and at each new file."""

    upload_id: int
    by_path: dict[Path, m.UploadedFile]
    clock: Callable[[], float] = time.monotonic
    entries: int = 0
    current: m.UploadedFile | None = None
    started_at: int = 0  # entries read before the current file began
    written_at: float = field(default=float("-inf"))

    def source(self, path: Path) -> None:
        """A file of the upload starts to be read."""
        self._close_current()
        self.current = self.by_path.get(path)
        self.started_at = self.entries
        if self.current is not None:
            m.UploadedFile.objects.filter(pk=self.current.pk).update(
                state=m.UploadedFile.State.READING
            )
        self._write()

    def entry(self, number: int, _total: int | None) -> None:
        """An activity file (one of a zip, or the file itself) starts to be read."""
        self.entries = number
        if self.clock() - self.written_at >= PROGRESS_EVERY_S:
            self._write()

    def finish(self) -> None:
        self._close_current()
        self._write()

    def _close_current(self) -> None:
        if self.current is None:
            return
        m.UploadedFile.objects.filter(pk=self.current.pk).update(
            state=m.UploadedFile.State.READ,
            entries_read=self.entries - self.started_at,
        )
        self.current = None

    def _write(self) -> None:
        self.written_at = self.clock()
        m.Upload.objects.filter(pk=self.upload_id).update(entries_read=self.entries)
        if self.current is not None:
            m.UploadedFile.objects.filter(pk=self.current.pk).update(
                entries_read=self.entries - self.started_at
            )
