"""One activity file's bytes to the small facts the store keeps: the decoding half
of an import, run in a pool of worker processes.

Nothing here touches Django, so a worker imports only the readers and core.  A
worker gets the bytes and the journal's note, decodes them exactly as ``ingest``
does (``ingest.file_workout``) and sends back only the ``Workout`` and what the
duplicate rule weighs (samples, channels, format): never the samples themselves.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TypeVar

from stridelight.core.duplicates import Channel, channels_of
from stridelight.core.journal import ActivityNote, RunnerProfile, Workout
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.importers import DEFAULT_LIMITS, Limits, ReadError
from stridelight.importers.source import decode
from stridelight.importers.strava import with_strava_sport
from stridelight.ingest import FileError, file_workout, gear_of

#: Decoding processes: the machine's two cores (the parent hashes and writes).
WORKERS = 2
#: Files handed to the workers and not yet back: bounds the bytes held in memory.
IN_FLIGHT = 8


@dataclass(frozen=True)
class FileTask:
    """One file to decode: its bytes, where it came from, what the journal says."""

    entry: str
    data: bytes
    note: ActivityNote
    profile: RunnerProfile
    metadata: Mapping[str, str] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS
    thresholds: Thresholds = DEFAULTS


@dataclass(frozen=True)
class FileFacts:
    """A decoded file, as small as the store needs it."""

    entry: str
    workout: Workout
    format: str
    samples: int
    channels: frozenset[Channel]
    sub_sport: str | None
    name: str | None
    device: str | None
    warnings: tuple[str, ...] = ()
    by_pace: bool = False  # cut short before naming its sport: a run from its pace


@dataclass(frozen=True)
class FileRefused:
    entry: str
    reason: str


Decoded = FileFacts | FileRefused
T = TypeVar("T")


def decode_file(task: FileTask) -> Decoded:
    """The facts of one file, or why it gives none; never raises for a bad file."""
    try:
        activity = decode(task.data, source=task.entry, limits=task.limits)
    except ReadError as exc:
        return FileRefused(task.entry, exc.reason)
    except Exception as exc:  # a reader's bug must not sink the rest of the import
        reason = f"internal error, please report: {type(exc).__name__}: {exc}"
        return FileRefused(task.entry, reason)
    note = task.note
    if task.metadata:
        activity = with_strava_sport(activity, task.metadata)
        note = replace(note, shoe=note.shoe or gear_of(activity, task.metadata))
    result = file_workout(note, activity, task.profile, task.thresholds)
    if isinstance(result, FileError):
        return FileRefused(task.entry, result.reason)
    workout, settled, by_pace = result
    return FileFacts(
        entry=task.entry,
        workout=workout,
        format=settled.format,
        samples=settled.records,
        channels=channels_of(settled.samples),
        sub_sport=settled.sub_sport,
        name=task.metadata.get("name") or settled.name,
        device=settled.device,
        warnings=settled.warnings,
        by_pace=by_pace,
    )


class Decoder:
    """Decodes files in worker processes, in the order they were given.

    At most ``IN_FLIGHT`` files wait in the pool, so memory holds a handful of
    files, not an export.  ``workers=0`` decodes in this process (small imports,
    where starting processes would cost more than it saves).  Started workers
    are fresh interpreters (``spawn``): nothing of the parent's database
    connections or Django state is copied into them.
    """

    def __init__(self, workers: int = WORKERS) -> None:
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Decoder:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def decode_all(
        self, tasks: Iterable[tuple[FileTask, T]]
    ) -> Iterator[tuple[Decoded, T]]:
        """Each task's result with the token given beside it, in the given order."""
        if self._workers == 0:
            for task, token in tasks:
                yield decode_file(task), token
            return
        waiting: deque[tuple[Future[Decoded], T]] = deque()
        for task, token in tasks:
            waiting.append((self._submit(task), token))
            if len(waiting) >= IN_FLIGHT:
                future, done = waiting.popleft()
                yield future.result(), done
        while waiting:
            future, done = waiting.popleft()
            yield future.result(), done

    def _submit(self, task: FileTask) -> Future[Decoded]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
            )
        return self._pool.submit(decode_file, task)
