"""A runner's data out of the store as a runner bundle (DESIGN §4, docs/bundle.md).

The export is what the runner would import to get the same store back:
runner.json with every section, one entry per activity (its shoe, effort, notes
and sport), the unknown keys the rows kept (``runners.extras``), and each
original file byte for byte from the storage.  Copies of a recording
(``duplicate_of`` set) are exported too: importing the bundle finds them to be
copies again, so the analysis counts them as the store does (``data.duplicates``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet

from stridelight.accounts.models import User
from stridelight.core.journal import ActivityNote
from stridelight.core.vocabulary import SPORTS, word_in
from stridelight.importers.bundle import ACTIVITIES, make_bundle, write_bundle
from stridelight.runners import models as m
from stridelight.runners.extras import Unknown, with_unknown
from stridelight.runners.selectors import runner_data


class ExportError(Exception):
    """The runner's data cannot be written as a bundle; the message says why."""


def export_bundle(*, user: User, dest: Path) -> Path:
    """Write the runner's bundle to ``dest`` (a .zip, else a new folder); return it.

    Nothing is half-written: the bundle appears under its name once complete.
    Raises ExportError when an activity's original file is not in the storage.
    """
    runner = m.Runner.objects.filter(user=user).first()
    rows = _activities(runner)
    names = {row.path: bundle_name(row.path) for row in rows}
    if len(set(names.values())) < len(names):
        raise ExportError("two activities would have the same name in the bundle")
    notes = tuple(_note(row, names[row.path]) for row in rows)
    bundle = make_bundle(runner_data(user).journal, notes, tuple(names.values()))
    if runner is not None:
        document = with_unknown(bundle.document, _unknown(runner, names))
        bundle = replace(bundle, document=document)
    originals = _Originals({names[row.path]: row for row in rows})
    return write_bundle(bundle, dest, activity_sources=originals)


def bundle_name(path: str) -> str:
    """An activity's file name in the bundle: its path, under ``activities/``.

    Activities imported from a bundle keep their name; a file imported on its
    own (``run.fit``) is put under ``activities/``.
    """
    return path if path.startswith(ACTIVITIES) else ACTIVITIES + path.lstrip("/")


def _activities(runner: m.Runner | None) -> list[m.Activity]:
    if runner is None:
        return []
    rows = m.Activity.objects.filter(runner=runner).select_related("shoe")
    return list(rows.order_by("start", "path"))


def _note(row: m.Activity, name: str) -> ActivityNote:
    """What runner.json says of one file: the sport too, so a file read as
    ``generic`` and counted as a run is a run again when imported."""
    return ActivityNote(
        file=name,
        shoe=None if row.shoe is None else row.shoe.key,
        rpe=row.rpe,
        notes=row.notes,
        sport=word_in(SPORTS, row.sport),
    )


def _unknown(runner: m.Runner, names: Mapping[str, str]) -> Unknown:
    """The unknown keys kept on the rows, placed as ``extras.unknown_keys`` reads them."""
    sessions = list(
        m.TherapySession.objects.filter(runner=runner).prefetch_related("findings")
    )
    return Unknown(
        top=dict(runner.bundle_extra),
        runner=dict(runner.extra),
        shoes={s.key: s.extra for s in m.Shoe.objects.filter(runner=runner)},
        activities={
            names[path]: extra
            for path, extra in m.Activity.objects.filter(runner=runner).values_list(
                "path", "extra"
            )
        },
        entries={
            "aches": _extras(m.Ache.objects.filter(runner=runner)),
            "habits": _extras(m.Habit.objects.filter(runner=runner)),
            "screenings": _extras(m.Screening.objects.filter(runner=runner)),
            "checkins": _extras(m.Checkin.objects.filter(runner=runner)),
        },
        sessions=tuple(s.extra for s in sessions),
        findings=tuple(tuple(f.extra for f in s.findings.all()) for s in sessions),
    )


def _extras(rows: QuerySet[Any]) -> tuple[dict[str, Any], ...]:
    return tuple(rows.order_by("id").values_list("extra", flat=True))


class _Originals(Mapping[str, bytes]):
    """Each activity's original bytes by bundle name, read from the storage only
    when written: one file in memory at a time, however many there are."""

    def __init__(self, rows: Mapping[str, m.Activity]) -> None:
        self._rows = rows

    def __getitem__(self, name: str) -> bytes:
        row = self._rows[name]
        stored_name = row.original.name
        if not stored_name:
            raise ExportError(f"{row.path}: its original file was not kept")
        try:
            with default_storage.open(stored_name, "rb") as stored:
                data: bytes = stored.read()
        except FileNotFoundError:
            raise ExportError(
                f"{row.path}: its original file {stored_name} is missing "
                "from the storage"
            ) from None
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
