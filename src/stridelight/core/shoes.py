"""Shoe distance, rotation share and ache rate per pair, as of a day.

``km`` is the pair's starting distance plus every assigned workout up to "as of";
the 28-day share counts only runs whose pair is known, so an unlogged run neither
helps nor hurts rotation; ``ache_rate`` is the share of the pair's runs followed by
a foot or lower-leg ache within ``shoe_ache_window_h`` hours (None below
``shoe_ache_min_runs`` runs: too few to say).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from stridelight.core.activity import FloatArray
from stridelight.core.journal import Shoe, Workout
from stridelight.core.results import ShoeStatus
from stridelight.core.thresholds import DEFAULTS, Thresholds

BoolArray = npt.NDArray[np.bool_]


def followed_by(
    starts_s: FloatArray, events_s: FloatArray, window_s: float
) -> BoolArray:
    """For each start, whether any event falls in [start, start + window]."""
    events = np.sort(events_s)
    first = np.searchsorted(events, starts_s, side="left")
    last = np.searchsorted(events, starts_s + window_s, side="right")
    out: BoolArray = last > first
    return out


def worn_after_retirement(
    shoes: Iterable[Shoe], workouts: Iterable[Workout], tz: ZoneInfo
) -> tuple[tuple[Workout, Shoe], ...]:
    """Workouts logged in a pair on a local day after the pair's ``retired_on``.

    A bundle with any is refused (``stridelight.ingest``): the distance of every
    pair would be wrong, and which one was worn cannot be guessed.
    """
    retired = {s.id: s for s in shoes if s.retired_on is not None}
    return tuple(
        (w, retired[w.shoe])
        for w in workouts
        if w.shoe in retired
        and w.start.astimezone(tz).date() > (retired[w.shoe].retired_on or date.max)
    )


def limit_of(shoe: Shoe, thresholds: Thresholds = DEFAULTS) -> float:
    """The pair's own limit, else the setting: the one place a limit is read."""
    return shoe.limit_km if shoe.limit_km is not None else thresholds.shoe_limit_km


def shoe_statuses(
    shoes: Sequence[Shoe],
    as_of: date,
    workout_shoe: Sequence[str | None],
    workout_km: FloatArray,
    run_shoe: Sequence[str | None],
    run_recent: BoolArray,
    run_ached: BoolArray,
    thresholds: Thresholds = DEFAULTS,
) -> tuple[ShoeStatus, ...]:
    """One status per pair owned by ``as_of``, plus any pair named by a workout but
    not listed; a pair started after ``as_of`` (and not yet run in) is left out."""
    worn = {*workout_shoe, *run_shoe}
    known = {
        s.id: s
        for s in shoes
        if s.started_on is None or s.started_on <= as_of or s.id in worn
    }
    for name in worn - {None, *known}:
        assert name is not None
        known[name] = Shoe(id=name, name=name)
    w_ids = np.array([s or "" for s in workout_shoe], dtype=object)
    r_ids = np.array([s or "" for s in run_shoe], dtype=object)
    logged_recent = int((run_recent & (r_ids != "")).sum())
    return tuple(
        _status(shoe, as_of, w_ids, workout_km, r_ids, run_recent, run_ached,
                logged_recent, thresholds)
        for shoe in known.values()
    )  # fmt: skip


def _status(
    shoe: Shoe,
    as_of: date,
    w_ids: npt.NDArray[np.object_],
    workout_km: FloatArray,
    r_ids: npt.NDArray[np.object_],
    run_recent: BoolArray,
    run_ached: BoolArray,
    logged_recent: int,
    thresholds: Thresholds,
) -> ShoeStatus:
    mine = r_ids == shoe.id
    recent = int((mine & run_recent).sum())
    runs = int(mine.sum())
    rate = (
        float(run_ached[mine].mean()) if runs >= thresholds.shoe_ache_min_runs else None
    )
    return ShoeStatus(
        id=shoe.id,
        name=shoe.name,
        km=shoe.start_km + float(workout_km[w_ids == shoe.id].sum()),
        limit_km=limit_of(shoe, thresholds),
        runs_28d=recent,
        share_28d=recent / logged_recent if logged_recent else 0.0,
        retired=shoe.retired_on is not None and shoe.retired_on <= as_of,
        ache_rate=None if rate is None else round(rate, 3),
        at_least=bool(shoe.start_km_unknown),
    )
