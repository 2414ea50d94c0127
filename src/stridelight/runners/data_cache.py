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

Beside each base, a memo keeps what ``core`` made of its workouts for a day
(``core.detectors.context.WorkoutSide``: the day grid, loads, daily series and
run table), so an analysis after a check-in redoes only the diary's part
(``memo_for``).

The check-in page has its process read the runner's base, and make today's
workouts' side, on a thread of its own once the page is drawn
(``warm_soon``): the runner takes a few seconds to tap an ache, and the POST
that follows in the same process finds both in memory
(``STRIDELIGHT_WARM_BASES``; off in the tests but where a test turns it on).  With several web processes, the POST may reach another one: that one
reads everything, as before.

A stale entry is never used: every service that writes the base draws a new
``base_stamp`` (``services.data_changed``; only ``checkin_record`` says it wrote
the diary alone), and an entry is looked up by the stamp read with the runner's
row, before any data.  The stamp is random, so a runner id used again (a
restored backup, rolled-back test rows) never meets an older runner's entry.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db import connections

from stridelight.core.detectors.context import Memo, WorkoutSide, workout_side_of
from stridelight.core.journal import RunnerData
from stridelight.core.thresholds import DEFAULTS
from stridelight.runners import models as m
from stridelight.runners.selectors import aches_of, checkins_of, data_of, profile_of

#: How many runners' bases one process keeps (a ten-year runner's is ~10 MB):
#: the runners who used this process last, enough for the check-ins of a few
#: people at once.
KEPT_RUNNERS = 4

#: The columns of the runner's row ``runner_data`` needs beside the profile's.
STAMP_COLUMNS = ("base_stamp",)

#: How many days' workout sides one runner's memo keeps (today, and a day or
#: two a report or a page asked for).
MEMO_DAYS = 4


class _BoundedMemo(dict[object, WorkoutSide]):
    """A memo of at most ``MEMO_DAYS`` entries, the oldest dropped first (by
    one thread at a time: requests of one process may share it)."""

    def __init__(self) -> None:
        super().__init__()
        self._writing = threading.Lock()

    def __setitem__(self, key: object, value: WorkoutSide) -> None:
        with self._writing:
            super().__setitem__(key, value)
            while len(self) > MEMO_DAYS:
                self.pop(next(iter(self)), None)


#: Each kept base with its memo (what analyses made of its workouts), by
#: (runner id, base stamp): the memo goes when its base goes.
_kept: OrderedDict[tuple[int, int], tuple[RunnerData, _BoundedMemo]] = OrderedDict()
_lock = threading.Lock()
#: The bases being read by ``warm_soon``'s threads, and those threads.
_warming: dict[tuple[int, int], threading.Thread] = {}
logger = logging.getLogger(__name__)


def runner_data(runner: m.Runner) -> RunnerData:
    """Everything stored for the runner, as ``selectors.data_of`` reads it.

    ``runner`` was read with ``selectors.PROFILE_COLUMNS`` and ``base_stamp``
    before any of its data, so a write in between leaves newer data under an
    older stamp (never read again), never older data under the newest one.
    """
    key = (runner.pk, runner.base_stamp)
    with _lock:
        entry = _kept.get(key)
        if entry is not None:
            _kept.move_to_end(key)
    if entry is None:
        data = data_of(runner)
        _keep(key, replace(data, aches=(), checkins=()))
        return data
    return replace(
        entry[0],
        profile=profile_of(runner),
        aches=aches_of(runner.pk),
        checkins=checkins_of(runner.pk),
    )


def memo_for(runner: m.Runner) -> Memo | None:
    """The memo kept with the runner's base of their current stamp, if kept:
    for ``core.analysis.analyze`` on the data ``runner_data`` gave."""
    with _lock:
        entry = _kept.get((runner.pk, runner.base_stamp))
    return None if entry is None else entry[1]


def warm_soon(runner: m.Runner, today: date) -> None:
    """Have a thread of this process read the runner's base into memory and
    make its workouts' side as of ``today`` (what a check-in's refresh asks
    for), unless it is kept or being read already (``runner`` read as for
    ``runner_data``)."""
    if not settings.STRIDELIGHT_WARM_BASES:
        return
    key = (runner.pk, runner.base_stamp)
    with _lock:
        if key in _kept or key in _warming:
            return
        thread = threading.Thread(
            target=_warm,
            args=(runner, key, today),
            name=f"warm-{runner.pk}",
            daemon=True,
        )
        _warming[key] = thread
    thread.start()


def _warm(runner: m.Runner, key: tuple[int, int], today: date) -> None:
    try:
        with collector_paused():  # the request threads beside it wait for none
            data = runner_data(runner)
            memo = memo_for(runner)
            workout_side_of(data, today, DEFAULTS, memo)
        # The 40,000 objects just made are all young: collected here, by this
        # thread, they move to the oldest generation, rather than the next
        # request's first collection sifting them (some 50 ms of its time).
        gc.collect(1)
    except Exception:  # a warm-up that fails costs the POST a full read, no more
        logger.exception("reading runner %s's base ahead of a check-in", runner.pk)
    finally:
        with _lock:
            del _warming[key]
        connections.close_all()  # this thread's own connections


def wait_for_warming(timeout: float = 30.0) -> None:
    """Until every ``warm_soon`` thread of this process is done (tests, benchmarks)."""
    with _lock:
        threads = list(_warming.values())
    for thread in threads:
        thread.join(timeout)


def is_kept(runner: m.Runner) -> bool:
    """Whether this process holds the runner's base of their current stamp."""
    with _lock:
        return (runner.pk, runner.base_stamp) in _kept


def _keep(key: tuple[int, int], base: RunnerData) -> None:
    with _lock:
        for old in [k for k in _kept if k[0] == key[0]]:
            del _kept[old]  # an older stamp of the same runner: never read again
        _kept[key] = (base, _BoundedMemo())
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a runner's rows become objects.

    A ten-year runner is some 40,000 new objects (none in a cycle: frozen
    dataclasses and tuples), enough to start several full collections of the
    whole process's heap on the way (50-70 ms each in a web or worker process,
    measured by ``bench/store_analysis.py``).  Reference counting still frees
    everything as usual; the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
