"""Reading uploads and past imports for /me/uploads/ (one runner's own only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.shortcuts import get_object_or_404

from stridelight.runners import models as m

#: Past imports listed on the page, newest first.
PAST_SHOWN = 20


@dataclass(frozen=True)
class FileProgress:
    name: str
    size: int
    state: str
    entries_read: int

    @property
    def text(self) -> str:
        """What is known about the file, in words (no count before its reading)."""
        if self.state == m.UploadedFile.State.WAITING:
            return "waiting"
        files = "activity file" if self.entries_read == 1 else "activity files"
        verb = "reading" if self.state == m.UploadedFile.State.READING else "read"
        return f"{verb}: {self.entries_read} {files}"


@dataclass(frozen=True)
class Counts:
    new: int
    already_there: int
    duplicates: int
    rejected: int

    @property
    def summary(self) -> str:
        return (
            f"{self.new} new, {self.already_there} already there, "
            f"{self.duplicates} duplicates, {self.rejected} rejected"
        )


@dataclass(frozen=True)
class UploadProgress:
    """An upload as the page shows it and the polling script reads it."""

    id: int
    created_at: datetime
    state: str
    entries_read: int
    files: tuple[FileProgress, ...]
    counts: Counts | None  # once the import is over
    rejected: tuple[tuple[str, str], ...]  # (path as sent, reason)
    error: str

    @property
    def finished(self) -> bool:
        return self.state in (m.Upload.State.DONE, m.Upload.State.FAILED)

    @property
    def message(self) -> str:
        """One sentence for the polite live region: where the upload stands."""
        if self.state == m.Upload.State.WAITING:
            return "Your upload is saved and waits for the worker."
        if self.state == m.Upload.State.FAILED:
            return self.error or "The import stopped. Please try again."
        if self.counts is None:
            reading = next(
                (f.name for f in self.files if f.state == "reading"), "your files"
            )
            return f"Reading {reading}: {self.entries_read} activity files so far."
        if (
            self.counts.new == 0
            and self.counts.already_there
            and not self.counts.rejected
        ):
            return (
                "Done. Everything in this upload was already there: nothing added "
                f"({self.counts.summary})."
            )
        return f"Done: {self.counts.summary}."


def upload_for(runner: m.Runner, pk: int) -> m.Upload:
    """The runner's upload; another runner's (or none) answers 404."""
    return get_object_or_404(m.Upload, runner=runner, pk=pk)


def upload_progress(upload: m.Upload) -> UploadProgress:
    files = tuple(
        FileProgress(f.name, f.size, f.state, f.entries_read)
        for f in upload.files.all()
    )
    run = upload.run
    counts = None
    rejected: tuple[tuple[str, str], ...] = ()
    if run is not None:
        rejected = tuple(run.rejected.values_list("path", "reason"))
        counts = Counts(run.new, run.already_there, run.duplicates, len(rejected))
    return UploadProgress(
        id=upload.pk,
        created_at=upload.created_at,
        state=upload.state,
        entries_read=upload.entries_read,
        files=files,
        counts=counts,
        rejected=rejected,
        error=upload.error,
    )


def uploads_unfinished(runner: m.Runner) -> list[UploadProgress]:
    """Uploads still waiting or being read (or stopped), newest first."""
    rows = (
        m.Upload.objects.filter(runner=runner)
        .exclude(state=m.Upload.State.DONE)
        .select_related("run")
        .prefetch_related("files")
    )
    return [upload_progress(u) for u in rows[:PAST_SHOWN]]


@dataclass(frozen=True)
class PastImport:
    """A finished import, from this page or the command line, with its counts."""

    finished_at: datetime
    counts: Counts
    upload_id: int | None  # the upload page that shows its files, when it has one


def past_imports(runner: m.Runner) -> list[PastImport]:
    runs = (
        m.ImportRun.objects.filter(runner=runner)
        .annotate(rejected_count=Count("rejected"))
        .select_related("upload")
    )
    return [
        PastImport(
            finished_at=run.finished_at,
            counts=Counts(
                run.new, run.already_there, run.duplicates, run.rejected_count
            ),
            upload_id=_upload_id(run),
        )
        for run in runs[:PAST_SHOWN]
    ]


def _upload_id(run: m.ImportRun) -> int | None:
    try:
        return int(run.upload.pk)
    except m.Upload.DoesNotExist:
        return None
