"""Many activities from one place: a folder, a Strava or Garmin export, a plain zip.

``iter_activities`` decodes each file of the one walk, ``raw_files.iter_files``
(which reads archives lazily, one member in memory at a time, never extracted
to disk).  Every entry becomes an :class:`ImportItem` holding an activity, a
:class:`ReadError` or the reason it was skipped: one bad entry never stops the
rest.  Whole-archive problems (not a zip, too many members) raise ReadError.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from stridelight.core.activity import Activity
from stridelight.importers.errors import ReadError
from stridelight.importers.limits import DEFAULT_LIMITS, Limits
from stridelight.importers.raw_files import RawFile, internal_error, iter_files
from stridelight.importers.source import decode
from stridelight.importers.strava import with_strava_sport


@dataclass(frozen=True)
class ImportItem:
    """One entry of an archive or folder: an activity, an error, or a skip."""

    entry: str  # path inside the archive or folder, "/"-separated
    activity: Activity | None = None
    error: ReadError | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    skipped: str | None = None  # why there is nothing to read, when that is fine

    def __post_init__(self) -> None:
        outcomes = (self.activity, self.error, self.skipped)
        if sum(o is not None for o in outcomes) != 1:
            raise ValueError("an ImportItem holds one of activity, error or skipped")

    @property
    def ok(self) -> bool:
        return self.activity is not None


def iter_activities(
    source: str | os.PathLike[str] | bytes, *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[ImportItem]:
    """Every activity under ``source``: a folder, a zip (any kind) or a single file."""
    for raw in iter_files(source, limits=limits):
        yield _decoded(raw, limits)


def _decoded(raw: RawFile, limits: Limits) -> ImportItem:
    """The entry's bytes decoded (Strava's type as the sport where the file has
    none); a failure is this entry's error."""
    meta = raw.metadata
    if raw.data is None:
        return ImportItem(
            raw.entry, error=raw.error, metadata=meta, skipped=raw.skipped
        )
    try:
        activity = decode(raw.data, source=raw.name, limits=limits, charge=raw.charge)
    except ReadError as exc:
        return ImportItem(raw.entry, error=exc, metadata=meta)
    except Exception as exc:  # a reader bug must not sink the rest of the batch
        return ImportItem(
            raw.entry, error=internal_error(raw.entry, exc), metadata=meta
        )
    return ImportItem(
        raw.entry, activity=with_strava_sport(activity, meta), metadata=meta
    )
