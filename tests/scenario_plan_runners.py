"""Runners whose plan must follow its findings: a comeback, a spike, a red flag
that stops running, habits half logged, stretching that misses the chain, a spare
pair worn out.  Each changes only its story on the healthy runner of
``scenario_runners``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from tests.bundles import Run, RunnerSpec, ache, checkin, habit, paced
from tests.scenario_runners import (
    AS_OF,
    at,
    base_runs,
    healthy,
    one_worn_pair,
    tight_chain,
)

#: Twelve weeks of the usual cycle ending seven weeks before "as of".
BREAK_FROM = AS_OF - timedelta(days=49)


def before_the_break() -> list[Run]:
    """The usual twelve weeks, ending on the Sunday long run of 14 km."""
    return base_runs(12, BREAK_FROM)


def comeback(km: float = 16.8, *, days_back: int = 1) -> RunnerSpec:
    """Seven weeks without a run (a busy spell at work), then back with one run
    ``days_back`` days before "as of"; the longest run before the break: 14 km."""
    runs = before_the_break()
    back = AS_OF - timedelta(days=days_back)
    first = paced(at(back, 8, 30), km, 6.1, hr=152.0, shoe="ghost", cadence=170)
    return healthy(runs=[*runs, first])


def on_a_break() -> RunnerSpec:
    """Still on the break: no run in the last 48 days."""
    return healthy(runs=before_the_break())


def red_flag_stops_running(flag: str) -> RunnerSpec:
    """The healthy runner, who answers yes to one question on today's check-in."""
    base = healthy()
    return dataclasses.replace(
        base, checkins=[*base.checkins[:-1], checkin(AS_OF, flag)]
    )


def pinpoint_pain_in_the_diary() -> RunnerSpec:
    """No box ticked, but the diary says it: pinpoint pain on the forefoot bone."""
    base = healthy()
    sore = ache(at(AS_OF - timedelta(days=1), 18), "forefoot", 6, "after_run",
                "pinpoint", "sharp", side="right")  # fmt: skip
    return dataclasses.replace(base, aches=[*base.aches, sore])


def stretch_logged_once() -> RunnerSpec:
    """Warm-ups logged before every run; stretching logged once, in September, and
    never again (she stopped using that part of the diary, not stretching)."""
    base = healthy()
    september = date(2025, 9, 2)
    habits = [h for h in base.habits if h["kind"] != "stretch"]
    habits.append(habit(september, "stretch", minutes=6))
    return dataclasses.replace(base, habits=habits)


def nothing_logged_about_habits() -> RunnerSpec:
    base = healthy()
    habits = [h for h in base.habits if h["kind"] not in ("stretch", "warmup")]
    return dataclasses.replace(base, habits=habits)


def stretching_only_the_calves() -> RunnerSpec:
    """The tight-chain runner stretches after every run, but only her calves."""
    base = tight_chain()
    habits: list[Mapping[str, Any]] = [
        {**h, "regions": ["calf", "achilles"]} if h["kind"] == "stretch" else h
        for h in base.habits
    ]
    return dataclasses.replace(base, habits=habits)


def spare_pair_worn_out() -> RunnerSpec:
    """One pair nearly worn, the only other one past its limit but not retired."""
    base = one_worn_pair()
    spare = {"id": "old", "name": "Nike Pegasus 38", "category": "road",
             "started_on": "2024-04-01", "start_km": 820, "limit_km": 700}  # fmt: skip
    return dataclasses.replace(base, shoes=[base.shoes[0], spare])


def aches_on_both_feet() -> RunnerSpec:
    """The tight-chain runner's left heel and calf, and a mild right forefoot ache."""
    base = tight_chain()
    right = ache(at(AS_OF - timedelta(days=3), 12), "forefoot", 2, "after_run",
                 "aching", side="right")  # fmt: skip
    return dataclasses.replace(base, aches=[*base.aches, right])
