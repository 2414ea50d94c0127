"""Patterns: which exposures go with aches after runs, with honest uncertainty.

Each run day (docs/patterns.md) is exposed or not (a shoe, a long run, a spike, a
fast run, no stretch, no warm-up, heat) and followed by an ache or not.  The
effect is a risk ratio with a 95 % Katz interval.  Below a minimum number of
observations nothing is claimed: the text says what is missing instead.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from stridelight.core.as_of import local_window
from stridelight.core.journal import (
    Ache,
    Habit,
    RunnerData,
    Shoe,
    Workout,
)
from stridelight.core.results import Pattern
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.core.vocabulary import FOOT_AND_LOWER_LEG_REGIONS

OUTCOME = "foot_or_lower_leg_ache_36h"
# Which aches count, how long a run's follow-up lasts, the minimum counts and what
# "long", "fast", "spike" and "hot" mean are settings: ``Thresholds.pattern_*``.
Z95 = 1.959963984540054  # standard normal quantile for a two-sided 95 % interval
CONTINUITY = 0.5  # added to every cell when one is zero (Haldane–Anscombe)


@dataclass(frozen=True)
class RiskRatio:
    effect: float
    low: float
    high: float
    corrected: bool  # True when the 0.5 continuity correction was applied


def risk_ratio(
    exposed_events: int, n_exposed: int, unexposed_events: int, n_unexposed: int
) -> RiskRatio:
    """Risk ratio with the Katz log interval: SE(ln RR) = √(1/a − 1/n₁ + 1/c − 1/n₀).

    A zero cell makes the ratio or its SE infinite, so 0.5 is then added to all
    four cells.  The bounds are ``RR·exp(∓z·SE)``, so low ≤ RR ≤ high holds exactly.
    """
    if n_exposed <= 0 or n_unexposed <= 0:
        raise ValueError("both groups need at least one observation")
    if not (0 <= exposed_events <= n_exposed and 0 <= unexposed_events <= n_unexposed):
        raise ValueError("events must lie between 0 and the group size")
    a, c = float(exposed_events), float(unexposed_events)
    b, d = n_exposed - a, n_unexposed - c
    corrected = 0.0 in (a, b, c, d)
    if corrected:
        a, b, c, d = (x + CONTINUITY for x in (a, b, c, d))
    effect = (a / (a + b)) / (c / (c + d))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    spread = math.exp(Z95 * se)
    return RiskRatio(effect, effect / spread, effect * spread, corrected)


@dataclass(frozen=True)
class RunDay:
    """A local calendar day with at least one run, and whether an ache followed."""

    day: date
    runs: tuple[Workout, ...]
    ache: bool


@dataclass(frozen=True)
class Exposure:
    id: str
    label: str  # what it is, for "not enough data yet on …"
    exposed: str  # phrase after "run days": "in Pair A"
    unexposed: str  # phrase after the unexposed count: "in other pairs"
    flags: tuple[bool | None, ...]  # one per run day; None = unknown, left out


def find_patterns(
    data: RunnerData, as_of: date, *, thresholds: Thresholds = DEFAULTS
) -> tuple[Pattern, ...]:
    """Every exposure the journal can speak to, claimed ones first, strongest first."""
    t = thresholds
    window_days = t.pattern_window_days
    tz = data.profile.zone
    history = tuple(sorted((w for w in data.workouts if w.is_run), key=_start))
    days = run_days(history, data.aches, tz, as_of, window_days, thresholds=t)
    if not days:
        return ()
    exposures = [
        *_shoe_exposures(days, data.shoes),
        *_run_exposures(days, history, t),
        *_habit_exposures(days, data.habits, as_of, window_days),
    ]
    found = [
        (i, _assess(e, days, t))
        for i, e in enumerate(exposures)
        if any(f is not None for f in e.flags)
    ]
    found.sort(key=lambda ip: (not ip[1].claimed, -(ip[1].effect or 0.0), ip[0]))
    return tuple(p for _, p in found)


def run_days(
    runs: Sequence[Workout],
    aches: Iterable[Ache],
    tz: ZoneInfo,
    as_of: date,
    window_days: int,
    *,
    thresholds: Thresholds = DEFAULTS,
) -> tuple[RunDay, ...]:
    """Run days in the window whose follow-up has ended by the end of as_of.

    A day whose follow-up is still open is left out: counting it as "no ache" would
    bias every ratio towards 1 (and towards the most recent habits).
    """
    least = thresholds.pattern_ache_min_nrs
    follow_up = timedelta(hours=thresholds.pattern_follow_up_h)
    cutoff = local_window(as_of, 1, tz)[1]
    times = sorted(
        a.at
        for a in aches
        if a.region in FOOT_AND_LOWER_LEG_REGIONS
        and a.intensity >= least
        and a.at < cutoff
    )
    grouped: dict[date, list[Workout]] = {}
    begin, end = local_window(as_of, window_days, tz)
    for run in runs:
        if begin <= run.start < end:
            grouped.setdefault(run.start.astimezone(tz).date(), []).append(run)
    days = []
    for day, group in sorted(grouped.items()):
        end = max(_end(r) for r in group) + follow_up
        if end <= cutoff:
            first = bisect.bisect_left(times, min(_start(r) for r in group))
            days.append(
                RunDay(day, tuple(group), first < len(times) and times[first] <= end)
            )
    return tuple(days)


# --- exposures -------------------------------------------------------------------


def _shoe_exposures(days: Sequence[RunDay], shoes: Sequence[Shoe]) -> list[Exposure]:
    """Each pair against the other pairs; days with no shoe recorded are left out."""
    names = {s.id: s.name for s in shoes}
    worn = [{r.shoe for r in d.runs if r.shoe} for d in days]
    result = []
    for shoe in sorted(set().union(*worn)):
        name = names.get(shoe, shoe)
        flags = tuple((shoe in w) if w else None for w in worn)
        result.append(
            Exposure(f"shoe:{shoe}", name, f"in {name}", "in other pairs", flags)
        )
    return result


@dataclass(frozen=True)
class _Yardsticks:
    """The runner's own norms over the window: what "long" and "fast" mean for them."""

    median_km: float
    fast_pace: float  # s/km at the fast percentile; faster runs are "fast"
    history: tuple[Workout, ...]  # every run, for the spike look-back
    t: Thresholds

    def long_run(self, r: Workout) -> bool | None:
        if not self.median_km or r.distance_m <= 0:
            return None
        return r.distance_m / 1000 >= self.t.pattern_long_run_factor * self.median_km

    def spike(self, r: Workout) -> bool | None:
        # No run in the reference window: the ratio is undefined, not "no spike".
        longest = _longest_before(self.history, r, self.t.spike_reference_days)
        return r.distance_m > (1 + self.t.spike_small) * longest if longest else None

    def fast(self, r: Workout) -> bool | None:
        pace = _pace_s_per_km(r)
        return pace < self.fast_pace if pace is not None else None

    def hot(self, r: Workout) -> bool | None:
        if r.temperature_c is None:
            return None
        return r.temperature_c >= self.t.pattern_heat_c


def _run_exposures(
    days: Sequence[RunDay], history: tuple[Workout, ...], t: Thresholds
) -> list[Exposure]:
    runs = [r for d in days for r in d.runs]
    distances = [r.distance_m for r in runs if r.distance_m > 0]
    paces = [p for r in runs if (p := _pace_s_per_km(r)) is not None]
    percentile = t.pattern_fast_percentile
    y = _Yardsticks(
        median_km=float(np.median(distances)) / 1000 if distances else 0.0,
        fast_pace=float(np.percentile(paces, percentile)) if paces else 0.0,
        history=history,
        t=t,
    )
    long_text = (
        f"with a long run (≥ {t.pattern_long_run_factor:g}× your median "
        f"{y.median_km:.1f} km)"
    )
    spike_text = (
        f"with a spike (> {1 + t.spike_small:.0%} of the longest run of the previous "
        f"{t.spike_reference_days} days)"
    )
    fast_text = (
        f"with a run faster than {_clock(y.fast_pace)} /km "
        f"(your {_ordinal(percentile)} percentile)"
    )
    return [
        Exposure(
            "long_run",
            "long runs",
            long_text,
            "without one",
            _per_run(days, y.long_run),
        ),
        Exposure(
            "spike",
            "distance spikes",
            spike_text,
            "without one",
            _per_run(days, y.spike),
        ),
        Exposure(
            "fast_pace",
            "fast runs",
            fast_text,
            "at other paces",
            _per_run(days, y.fast),
        ),
        Exposure(
            "heat",
            "hot runs",
            f"at {t.pattern_heat_c:g} °C or warmer",
            "in cooler weather",
            _per_run(days, y.hot),
        ),
    ]


def _per_run(
    days: Sequence[RunDay], test: Callable[[Workout], bool | None]
) -> tuple[bool | None, ...]:
    """A day is exposed when any of its runs is; unknown when none of them is known."""
    flags = []
    for d in days:
        known = [f for r in d.runs if (f := test(r)) is not None]
        flags.append(any(known) if known else None)
    return tuple(flags)


def _habit_exposures(
    days: Sequence[RunDay], habits: Sequence[Habit], as_of: date, window_days: int
) -> list[Exposure]:
    """Skipped stretch / warm-up: a run day without an entry of that kind.

    Only once the runner logs that habit at all in the window: someone who never
    logs stretching has not told us they skip it.
    """
    result = []
    for kind, id, label, noun in (
        ("stretch", "skipped_stretch", "skipped stretching", "post-run stretch"),
        ("warmup", "skipped_warmup", "skipped warm-ups", "warm-up"),
    ):
        logged = [
            h
            for h in habits
            if h.kind == kind and 0 <= (as_of - h.date).days < window_days
        ]
        done = {h.date for h in logged if h.minutes is None or h.minutes > 0}
        flags = tuple((d.day not in done) if logged else None for d in days)
        result.append(Exposure(id, label, f"with no {noun} logged", "with one", flags))
    return result


# --- assessment ------------------------------------------------------------------


def _assess(exposure: Exposure, days: Sequence[RunDay], t: Thresholds) -> Pattern:
    pairs = [
        (f, d.ache) for f, d in zip(exposure.flags, days, strict=True) if f is not None
    ]
    n1 = sum(1 for f, _ in pairs if f)
    n0 = len(pairs) - n1
    a = sum(1 for f, ache in pairs if f and ache)
    c = sum(1 for f, ache in pairs if not f and ache)
    if (
        n1 < t.pattern_min_exposed
        or n0 < t.pattern_min_unexposed
        or a + c < t.pattern_min_events
    ):
        text = _not_enough(exposure, n1, n0, a + c, t)
        return Pattern(exposure.id, OUTCOME, n1, n0, None, None, None, False, text)
    rr = risk_ratio(a, n1, c, n0)
    effect, low, high = (round(x, 3) for x in (rr.effect, rr.low, rr.high))
    text = _claim(exposure, a, n1, c, n0, rr)
    return Pattern(exposure.id, OUTCOME, n1, n0, effect, low, high, True, text)


def _claim(e: Exposure, a: int, n1: int, c: int, n0: int, rr: RiskRatio) -> str:
    text = (
        f"Aches followed {a} of {n1} run days {e.exposed} vs {c} of {n0} {e.unexposed}: "
        f"{_num(rr.effect)}× ({_num(rr.low)}–{_num(rr.high)})"
    )
    if rr.corrected:
        text += ", with 0.5 added to each cell because one was empty"
    if rr.low > 1:
        return (
            text + ". The interval excludes 1: aches were more common after these runs."
        )
    if rr.high < 1:
        return (
            text + ". The interval excludes 1: aches were less common after these runs."
        )
    return text + ". The interval includes 1, so this may be chance."


def _not_enough(e: Exposure, n1: int, n0: int, events: int, t: Thresholds) -> str:
    needs = [
        f"{_count(least - have, 'more run day')} {what}"
        for have, least, what in (
            (n1, t.pattern_min_exposed, e.exposed),
            (n0, t.pattern_min_unexposed, e.unexposed),
            (events, t.pattern_min_events, "followed by an ache"),
        )
        if have < least
    ]
    return (
        f"Not enough data yet on {e.label}: {_count(n1, 'run day')} {e.exposed} and {n0} "
        f"{e.unexposed}, {events} followed by an ache. Needs {_join(needs)} "
        f"before any pattern is claimed."
    )


# --- small helpers ---------------------------------------------------------------


def _start(w: Workout) -> datetime:
    return w.start


def _end(w: Workout) -> datetime:
    return w.start + timedelta(seconds=max(w.duration_s, 0.0))


def _longest_before(history: Sequence[Workout], run: Workout, days: int) -> float:
    """Longest distance among runs that started in the ``days`` days before this one."""
    lo = bisect.bisect_left(history, run.start - timedelta(days=days), key=_start)
    hi = bisect.bisect_left(history, run.start, key=_start)
    return max((w.distance_m for w in history[lo:hi]), default=0.0)


def _pace_s_per_km(w: Workout) -> float | None:
    if w.avg_speed_mps and w.avg_speed_mps > 0:
        return 1000.0 / w.avg_speed_mps
    seconds = w.moving_time_s or w.duration_s
    return seconds / (w.distance_m / 1000) if w.distance_m > 0 and seconds > 0 else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _ordinal(percentile: float) -> str:
    """25.0 -> '25th'; 1 -> '1st' (English suffixes, teens take 'th')."""
    n = round(percentile)
    teen = 10 <= n % 100 <= 20
    return f"{n}{'th' if teen else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _num(x: float) -> str:
    return f"{x:.1f}" if x >= 1 else f"{x:.2f}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
