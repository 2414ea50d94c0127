"""``analyze``: the whole answer for one runner as of one day.

Order matters and mirrors the product: red flags first, then the four causes in the
fixed order of ``vocabulary.CAUSE_IDS``, the fascial chain, patterns, and the plan
that follows from all of them; then shoes, chart series and notes for the report.
Nothing here reads a clock: "as of" is an argument, and only data known on that
local day is used.  ``core.as_of`` chooses that day when none is asked for.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date

import numpy as np

from stridelight.core.activity import FloatArray
from stridelight.core.as_of import recorded, stale_notice
from stridelight.core.checkins import red_flag_screening
from stridelight.core.data_span import data_span
from stridelight.core.detectors import build_context, detect_all
from stridelight.core.detectors.context import Context, Memo
from stridelight.core.fascia import rank_chain
from stridelight.core.journal import RunnerData
from stridelight.core.patterns import find_patterns
from stridelight.core.plan import build_plan
from stridelight.core.redflags import RedFlag, red_flag_questions, red_flags
from stridelight.core.results import Analysis, DailySeries, RedFlagScreening
from stridelight.core.thresholds import DEFAULTS, Thresholds

LOAD_SOURCES = (
    ("trimp", "heart rate (TRIMP)"),
    ("srpe", "your effort rating (session-RPE)"),
    ("estimated", "duration and pace (estimated)"),
)


def analyze(
    data: RunnerData,
    *,
    as_of: date,
    thresholds: Thresholds = DEFAULTS,
    duplicates: int = 0,
    moved_from: date | None = None,
    memo: Memo | None = None,
) -> Analysis:
    """The analysis as of a day.  ``duplicates``: how many files were counted as
    copies of another (``data`` holds each recording once), reported in
    ``Analysis.data``; ``moved_from``: the day asked for, when the data ended so long
    before it that ``as_of`` is the newest data's day instead; ``memo``: what the
    caller keeps with ``data.workouts`` between analyses (``build_context``), so
    the workouts' side is not made again after a check-in."""
    ctx = build_context(data, as_of, thresholds, memo)
    diary = (ctx.checkins, ctx.aches.items, as_of, ctx.tz, thresholds, ctx.workouts)
    flags = red_flags(*diary)
    ask = red_flag_questions(*diary, flags=flags)
    screening = red_flag_screening(ctx.checkins, as_of, thresholds)
    causes = detect_all(ctx)
    chain = rank_chain(data, as_of, thresholds=thresholds)
    plan = build_plan(ctx, flags, causes, chain, ask)
    return Analysis(
        as_of=as_of,
        red_flags=tuple(f.id for f in flags),
        causes=causes,
        chain=chain,
        plan=plan,
        patterns=find_patterns(data, as_of, thresholds=thresholds),
        shoes=ctx.shoes,
        series=daily_series(ctx),
        ache_by_region=ache_by_region(ctx),
        notes=(
            *([stale_notice(as_of, moved_from)] if moved_from else []),
            *notes(ctx, flags),
            *screening_notes(screening, thresholds),
        ),
        red_flag_screening=screening,
        red_flag_reasons={f.id: f.reason for f in flags},
        recorded=recorded(data, as_of),
        moved_from=moved_from,
        ache_map_days=thresholds.ache_map_days,
        chain_window_days=thresholds.chain_window_days,
        data=data_span(data, as_of, duplicates=duplicates),
        ask=ask,
    )


def daily_series(ctx: Context) -> DailySeries:
    tr = ctx.training
    return DailySeries(
        days=tr.days(),
        load=_floats(tr.load),
        distance_km=_floats(tr.distance_km),
        fitness=_floats(tr.fitness),
        fatigue=_floats(tr.fatigue),
        form=_floats(tr.form),
        monotony=_optional(tr.monotony),
        strain=_optional(tr.strain),
        ache_max=ache_max(ctx),
    )


def _floats(values: FloatArray) -> tuple[float, ...]:
    return tuple(np.round(values, 3).tolist())


def _optional(values: FloatArray) -> tuple[float | None, ...]:
    rounded = np.round(values, 3).tolist()
    return tuple(None if math.isnan(v) else v for v in rounded)


def ache_max(ctx: Context) -> tuple[int | None, ...]:
    """Worst NRS logged on each day of the series (None without an entry)."""
    worst = np.full(ctx.n, -1.0)
    inside = ctx.aches.day >= 0
    np.maximum.at(worst, ctx.aches.day[inside], ctx.aches.intensity[inside])
    return tuple(None if v < 0 else int(v) for v in worst.tolist())


def ache_by_region(ctx: Context) -> dict[str, float]:
    """Mean NRS per "region:side" over the last ``ache_map_days``, for the body map."""
    first = ctx.window_start(ctx.thresholds.ache_map_days)
    sums: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for ache, day in zip(ctx.aches.items, ctx.aches.day.tolist(), strict=True):
        if day >= first:
            key = f"{ache.region}:{ache.side}"
            sums[key] += ache.intensity
            counts[key] += 1
    return {key: round(sums[key] / counts[key], 2) for key in sorted(counts)}


def notes(ctx: Context, flags: tuple[RedFlag, ...]) -> tuple[str, ...]:
    out = [f"Red flag {f.id.replace('_', ' ')}: {f.reason}." for f in flags]
    out.extend(_history_notes(ctx))
    out.append(_load_note(ctx))
    return tuple(n for n in out if n)


def screening_notes(
    screening: RedFlagScreening, thresholds: Thresholds
) -> tuple[str, ...]:
    """Unasked red-flag questions are not "none": say so, dating an old answer."""
    if screening.answered_on is not None:
        return ()
    days = thresholds.red_flag_screening_days
    last = screening.last_answered
    when = (
        f"last answered on {last.isoformat()}"
        if last
        else "never answered in a check-in"
    )
    return (
        f"The six red-flag questions have not been answered in the last {days} "
        f"days ({when}): they count as not asked, not as none.",
    )


def _history_notes(ctx: Context) -> list[str]:
    t = ctx.thresholds
    history = ctx.training.history_days
    if not ctx.workouts:
        return ["No workouts up to this day: training signals are not assessed."]
    if history < t.form_min_history_days:
        return [
            f"Only {history} days of history: form not shown (needs {t.form_min_history_days})."
        ]
    return []


def _load_note(ctx: Context) -> str:
    counts: Counter[str] = Counter(ctx.loads.methods)
    parts = [f"{counts[m]} from {label}" for m, label in LOAD_SOURCES if counts[m]]
    return "Workout load: " + ", ".join(parts) + "." if parts else ""
