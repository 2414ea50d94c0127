"""A runner's data for the analysis, the part a check-in never changes kept in memory.

A check-in writes aches and red-flag answers only; the workouts, shoes, habits,
screenings and sessions (the *base*: 13,000 of a ten-year runner's 16,000 rows,
some 90 ms to read) stay as they were.  So the base read by one analysis is kept
in this process's memory under the runner's ``base_stamp``, and the next
analysis after a check-in reads only the diary (aches, check-ins) and the
profile, then runs ``core.analysis.analyze`` on the same ``RunnerData`` a full
read gives (``tests/web/test_data_cache.py`` compares the two).

Why memory and not the shared cache: a pickled base takes as long to load as
the rows take to read (frozen dataclasses are rebuilt one attribute at a time);
an entry in memory costs nothing to use.  Each web or worker process keeps its
own few entries (``KEPT_RUNNERS``, newest used last); a process that has none
for the runner reads everything, as before.

A stale entry is never used: every service that writes the base draws a new
``base_stamp`` (``services.data_changed``; only ``checkin_record`` says it wrote
the diary alone), and an entry is looked up by the stamp read with the runner's
row, before any data.  The stamp is random, so a runner id used again (a
restored backup, rolled-back test rows) never meets an older runner's entry.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from stridelight.core.journal import RunnerData
from stridelight.runners import models as m
from stridelight.runners.selectors import aches_of, checkins_of, data_of, profile_of

#: How many runners' bases one process keeps (a ten-year runner's is ~10 MB):
#: the runners who used this process last, enough for the check-ins of a few
#: people at once.
KEPT_RUNNERS = 4

#: The columns of the runner's row ``runner_data`` needs beside the profile's.
STAMP_COLUMNS = ("base_stamp",)

_kept: OrderedDict[tuple[int, int], RunnerData] = OrderedDict()
_lock = threading.Lock()


def runner_data(runner: m.Runner) -> RunnerData:
    """Everything stored for the runner, as ``selectors.data_of`` reads it.

    ``runner`` was read with ``selectors.PROFILE_COLUMNS`` and ``base_stamp``
    before any of its data, so a write in between leaves newer data under an
    older stamp (never read again), never older data under the newest one.
    """
    key = (runner.pk, runner.base_stamp)
    with _lock:
        base = _kept.get(key)
        if base is not None:
            _kept.move_to_end(key)
    if base is None:
        data = data_of(runner)
        _keep(key, replace(data, aches=(), checkins=()))
        return data
    return replace(
        base,
        profile=profile_of(runner),
        aches=aches_of(runner.pk),
        checkins=checkins_of(runner.pk),
    )


def _keep(key: tuple[int, int], base: RunnerData) -> None:
    with _lock:
        for old in [k for k in _kept if k[0] == key[0]]:
            del _kept[old]  # an older stamp of the same runner: never read again
        _kept[key] = base
        while len(_kept) > KEPT_RUNNERS:
            _kept.popitem(last=False)


def forget(runner_id: int) -> None:
    """Drop what this process keeps for the runner (their account is deleted)."""
    with _lock:
        for old in [k for k in _kept if k[0] == runner_id]:
            del _kept[old]


def forget_all() -> None:
    """Empty this process's entries (a benchmark's cold start)."""
    with _lock:
        _kept.clear()
