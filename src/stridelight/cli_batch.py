"""``decode --summary`` over a folder or an export zip: one line per activity.

Archives are read lazily by ``importers.iter_activities``; a bad file is one line
on stderr and the batch goes on.  Progress goes to stderr so stdout stays clean
JSON lines for a pipe.
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from stridelight import cli_output
from stridelight.importers import ImportItem, Limits, iter_activities
from stridelight.ingest import Ingested
from stridelight.ingest import Progress as ProgressCallback


def is_archive(path: Path) -> bool:
    """A folder, or a zip that is an export rather than one compressed file."""
    return path.is_dir() or path.suffix.lower() == ".zip"


def inside(path: Path, entry: str, loaded: Ingested | None = None) -> str:
    """An entry of a folder, an archive or a bundle as one path to paste.

    Always ``export.zip/activities/123.fit``, the archive's path then the
    entry's, the way Python's zipimport and ``zipfile.Path`` name them; a
    single activity file is just its own path.
    """
    if loaded is not None and loaded.bundle is not None:
        return f"{path}/{loaded.bundle.root}{entry}"
    if path.is_dir() or zipfile.is_zipfile(path):
        return f"{path}/{entry}"
    return str(path)


def summarize_archive(path: Path, *, limits: Limits, stderr: Console) -> int:
    """Print a summary line per activity; returns how many entries failed."""
    failed = read = 0
    # A live bar only on a terminal; a log or a pipe gets the plain lines.  Asked of
    # the stream itself: rich can be told to treat any stream as a terminal.
    live = sys.stderr.isatty()
    with _progress(stderr, disable=not live) as progress:
        task = progress.add_task(f"Reading {path.name}", total=None)
        for item in _items(path, limits):
            if item.activity is not None:
                read += 1
                line = cli_output.summary(item.activity, file=inside(path, item.entry))
                line.update(item.metadata)
                cli_output.write_stdout(json.dumps(line, ensure_ascii=False) + "\n")
            elif item.error is not None:
                failed += 1
                _say(
                    progress.console,
                    f"error: {inside(path, item.entry)}: {item.error.reason}",
                )
            else:
                where = inside(path, item.entry)
                _say(progress.console, f"skipped: {where}: {item.skipped}")
            progress.update(task, advance=1, description=_status(path, read, failed))
    if not live:
        _say(stderr, _status(path, read, failed))
    return failed


def _say(console: Console, line: str) -> None:
    if not sys.stderr.isatty():
        # Exactly the line, never wrapped or styled: logs and scripts read it.
        sys.stderr.write(line + "\n")
        return
    # File names may hold [brackets]: print them as they are, unwrapped.
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def _items(path: Path, limits: Limits) -> Iterator[ImportItem]:
    yield from iter_activities(path, limits=limits)


def _status(path: Path, read: int, failed: int) -> str:
    return f"Reading {path.name}: {read} activities, {failed} rejected"


def _progress(stderr: Console, *, disable: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=stderr,
        transient=False,
        disable=disable,
    )


@contextmanager
def files_progress(label: str, stderr: Console) -> Iterator[ProgressCallback | None]:
    """A bar for files told as each one starts (``analyze`` reading, ``import``);
    None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    columns = (
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("files", total=None)

        def advance(number: int, total: int | None) -> None:
            progress.update(task, completed=number - 1, total=total)

        yield advance
