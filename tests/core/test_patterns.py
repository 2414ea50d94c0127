import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stridelight.core.journal import (
    Ache,
    Habit,
    RunnerData,
    RunnerProfile,
    Shoe,
    Workout,
)
from stridelight.core.patterns import (
    OUTCOME,
    find_patterns,
    risk_ratio,
    run_days,
)
from stridelight.core.results import Pattern
from stridelight.core.thresholds import DEFAULTS
from stridelight.core.vocabulary import Region

START = date(2024, 3, 1)
UTC_ZONE = ZoneInfo("UTC")
AS_OF = date(2024, 6, 30)


def at(day: int, hour: int = 7) -> datetime:
    d = START + timedelta(days=day)
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


def run(
    day: int,
    shoe: str | None = "a",
    km: float = 10.0,
    minutes: float = 60.0,
    temp: float | None = None,
) -> Workout:
    return Workout(
        id=f"run-{day}.fit",
        start=at(day),
        sport="running",
        duration_s=minutes * 60,
        distance_m=km * 1000,
        shoe=shoe,
        temperature_c=temp,
    )


def next_morning(day: int, region: Region = "heel", intensity: int = 5) -> Ache:
    return Ache(at(day + 1, 6), region, "left", intensity, "next_morning")


def journal(
    runs: Sequence[Workout], aches: Sequence[Ache] = (), habits: Sequence[Habit] = ()
) -> RunnerData:
    return RunnerData(
        shoes=(Shoe("a", "Pair A"), Shoe("b", "Pair B")),
        workouts=tuple(runs),
        aches=tuple(aches),
        habits=tuple(habits),
    )


def shoe_study(
    a_runs: int, a_aches: int, b_runs: int, b_aches: int
) -> tuple[list[Workout], list[Ache]]:
    """Runs every other day, Pair A first, aches the morning after the first few."""
    runs, aches = [], []
    for i in range(a_runs + b_runs):
        in_a = i < a_runs
        runs.append(run(2 * i, "a" if in_a else "b"))
        if (in_a and i < a_aches) or (not in_a and i - a_runs < b_aches):
            aches.append(next_morning(2 * i))
    return runs, aches


def pattern(patterns: tuple[Pattern, ...], exposure: str) -> Pattern:
    return next(p for p in patterns if p.exposure == exposure)


# --- risk ratio and Katz interval ------------------------------------------------


# Hand-computed: RR = (a/n1)/(c/n0); SE = sqrt(1/a - 1/n1 + 1/c - 1/n0);
# bounds exp(ln RR ± 1.959964·SE).  E.g. 6/8 vs 2/14: RR 5.25,
# SE = sqrt(0.166667 - 0.125 + 0.5 - 0.071429) = 0.685739, bounds 1.3692-20.1308.
@pytest.mark.parametrize(
    ("a", "n1", "c", "n0", "rr", "low", "high"),
    [
        (6, 8, 2, 14, 5.25, 1.3692, 20.1308),
        (10, 20, 5, 20, 2.0, 0.8325, 4.8051),
        (3, 10, 3, 10, 1.0, 0.2621, 3.8149),
        (2, 10, 6, 12, 0.4, 0.1024, 1.5625),
        (5, 5, 2, 9, 3.6667, 1.2202, 11.0185),  # b = 0: corrected
    ],
)
def test_it_computes_the_risk_ratio_and_katz_interval(
    a: int, n1: int, c: int, n0: int, rr: float, low: float, high: float
) -> None:
    got = risk_ratio(a, n1, c, n0)
    assert got.effect == pytest.approx(rr, abs=1e-4)
    assert got.low == pytest.approx(low, abs=1e-4)
    assert got.high == pytest.approx(high, abs=1e-4)


def test_it_adds_half_to_every_cell_when_one_is_empty() -> None:
    got = risk_ratio(4, 6, 0, 7)
    # Cells 4.5, 2.5, 0.5, 7.5: RR = (4.5/7)/(0.5/8) = 10.2857.
    assert got.corrected
    assert got.effect == pytest.approx(4.5 / 7 / (0.5 / 8))
    se = math.sqrt(1 / 4.5 - 1 / 7 + 1 / 0.5 - 1 / 8)
    assert got.low == pytest.approx(got.effect * math.exp(-1.959964 * se), rel=1e-5)
    assert got.high == pytest.approx(159.2951, abs=1e-3)
    assert not risk_ratio(6, 8, 2, 14).corrected


@pytest.mark.parametrize(
    ("a", "n1", "c", "n0"), [(1, 0, 1, 5), (1, 5, 0, 0), (6, 5, 1, 5), (-1, 5, 1, 5)]
)
def test_it_rejects_impossible_tables(a: int, n1: int, c: int, n0: int) -> None:
    with pytest.raises(ValueError):
        risk_ratio(a, n1, c, n0)


@st.composite
def tables(draw: st.DrawFn) -> tuple[int, int, int, int]:
    n1 = draw(st.integers(1, 5000))
    n0 = draw(st.integers(1, 5000))
    return draw(st.integers(0, n1)), n1, draw(st.integers(0, n0)), n0


@given(tables())
def test_the_interval_always_contains_the_estimate(
    table: tuple[int, int, int, int],
) -> None:
    got = risk_ratio(*table)
    assert 0 < got.low <= got.effect <= got.high < math.inf


# --- exposures and outcome --------------------------------------------------------


def test_it_finds_nothing_in_an_empty_journal() -> None:
    assert find_patterns(RunnerData(), AS_OF) == ()


def test_it_claims_a_shoe_pattern_with_its_interval() -> None:
    runs, aches = shoe_study(8, 6, 14, 2)
    found = pattern(find_patterns(journal(runs, aches), AS_OF), "shoe:a")
    assert found.claimed
    assert found.outcome == OUTCOME
    assert (found.n_exposed, found.n_unexposed) == (8, 14)
    assert (found.effect, found.low, found.high) == (5.25, 1.369, 20.131)
    assert found.text.startswith(
        "Aches followed 6 of 8 run days in Pair A vs 2 of 14 in other pairs: "
        "5.2× (1.4–20.1)"
    )
    assert "excludes 1" in found.text


def test_it_lists_claimed_patterns_first_strongest_first() -> None:
    runs, aches = shoe_study(8, 6, 14, 2)
    found = find_patterns(journal(runs, aches), AS_OF)
    claimed = [p for p in found if p.claimed]
    assert [p.exposure for p in claimed] == ["shoe:a", "shoe:b"]
    assert found[: len(claimed)] == tuple(claimed)
    assert pattern(found, "shoe:b").effect == pytest.approx(1 / 5.25, abs=1e-3)
    assert "less common" in pattern(found, "shoe:b").text


def test_it_says_when_the_interval_includes_one() -> None:
    runs, aches = shoe_study(10, 3, 10, 3)
    found = pattern(find_patterns(journal(runs, aches), AS_OF), "shoe:a")
    assert found.claimed
    assert found.effect == 1.0
    assert "includes 1, so this may be chance" in found.text


def test_it_claims_exactly_at_the_minimum() -> None:
    t = DEFAULTS
    runs, aches = shoe_study(
        t.pattern_min_exposed, 2, t.pattern_min_unexposed, t.pattern_min_events - 2
    )
    found = pattern(find_patterns(journal(runs, aches), AS_OF), "shoe:a")
    assert found.claimed
    assert found.effect is not None


@pytest.mark.parametrize(
    ("a_runs", "a_aches", "b_runs", "b_aches", "needs"),
    [
        (4, 2, 9, 2, "1 more run day in Pair A"),
        (9, 2, 4, 2, "1 more run day in other pairs"),
        (9, 1, 9, 1, "1 more run day followed by an ache"),
    ],
)
def test_it_claims_nothing_below_the_minimum(
    a_runs: int, a_aches: int, b_runs: int, b_aches: int, needs: str
) -> None:
    runs, aches = shoe_study(a_runs, a_aches, b_runs, b_aches)
    found = pattern(find_patterns(journal(runs, aches), AS_OF), "shoe:a")
    assert not found.claimed
    assert (found.effect, found.low, found.high) == (None, None, None)
    assert found.text.startswith("Not enough data yet on Pair A")
    assert needs in found.text


def test_it_claims_nothing_where_no_ache_happened() -> None:
    runs, _ = shoe_study(20, 0, 20, 0)
    found = find_patterns(journal(runs, []), AS_OF)
    assert found
    assert not any(p.claimed for p in found)
    assert all("3 more run days followed by an ache" in p.text for p in found)


@pytest.mark.parametrize(
    ("ache", "counts"),
    [
        (Ache(at(0, 20), "arch", "left", 4, "after_run"), True),
        (Ache(at(1, 20), "calf", "right", 3, "next_morning"), True),  # 36 h after
        (Ache(at(1, 21), "heel", "left", 6, "at_rest"), False),  # 37 h after
        (Ache(at(0, 20), "heel", "left", 2, "after_run"), False),  # below NRS 3
        (Ache(at(0, 20), "knee_front", "left", 6, "after_run"), False),  # not the foot
        (Ache(at(0, 5), "heel", "left", 6, "at_rest"), False),  # before the run
    ],
)
def test_it_counts_foot_and_lower_leg_aches_within_36_hours(
    ache: Ache, counts: bool
) -> None:
    # One 1-hour run at 07:00 on day 0; "after" counts from its end at 08:00.
    days = run_days([run(0)], [ache], UTC_ZONE, AS_OF, 180)
    assert [d.ache for d in days] == [counts]


def test_it_leaves_out_runs_whose_follow_up_is_still_open() -> None:
    runs = [run(d) for d in range(0, 10)]
    as_of = START + timedelta(days=9)
    found = pattern(find_patterns(journal(runs), as_of), "shoe:a")
    # The run of "as of" (07:00-08:00) is still inside its 36 hours at midnight;
    # the day before ended 36 h later at 20:00 on "as of", so it counts.
    assert found.n_exposed == 9


def test_it_leaves_out_runs_outside_the_window() -> None:
    runs = [run(d) for d in range(0, 40)]
    short = replace(DEFAULTS, pattern_window_days=20)
    found = find_patterns(journal(runs), START + timedelta(days=45), thresholds=short)
    # Days 26..45 are in the window; runs stop on day 39.
    assert pattern(found, "shoe:a").n_exposed == 14


def test_it_flags_long_runs_against_the_median() -> None:
    runs = [run(2 * i, km=15.0 if i % 4 == 0 else 10.0) for i in range(16)]
    found = pattern(find_patterns(journal(runs), AS_OF), "long_run")
    assert (found.n_exposed, found.n_unexposed) == (4, 12)
    assert "median 10.0 km" in found.text


def test_it_flags_spikes_against_the_longest_run_of_the_previous_30_days() -> None:
    kms = [10, 10, 11.5, 10, 13, 10, 10, 14.2]
    runs = [run(3 * i, km=km) for i, km in enumerate(kms)]
    found = pattern(find_patterns(journal(runs), AS_OF), "spike")
    # 11.5 > 11.0 and 13 > 12.65 are spikes, 14.2 is not (> 14.3 needed); the first
    # run has no look-back and is left out.
    assert (found.n_exposed, found.n_unexposed) == (2, 5)


def test_it_flags_runs_faster_than_the_25th_percentile_pace() -> None:
    runs = [run(2 * i, minutes=60 - i) for i in range(12)]
    found = pattern(find_patterns(journal(runs), AS_OF), "fast_pace")
    assert (found.n_exposed, found.n_unexposed) == (3, 9)


def test_it_leaves_out_runs_of_unknown_temperature() -> None:
    runs = [run(2 * i, temp=[None, 28.0, 18.0][i % 3]) for i in range(12)]
    found = pattern(find_patterns(journal(runs), AS_OF), "heat")
    assert (found.n_exposed, found.n_unexposed) == (4, 4)


def test_it_judges_skipped_stretching_only_once_the_runner_logs_it() -> None:
    runs = [run(2 * i) for i in range(12)]
    assert "skipped_stretch" not in {
        p.exposure for p in find_patterns(journal(runs), AS_OF)
    }
    stretched = [
        Habit(START + timedelta(days=2 * i), "stretch", minutes=5.0) for i in range(4)
    ]
    # Logged with 0 minutes: the runner says they skipped it.
    stretched.append(Habit(START + timedelta(days=8), "stretch", minutes=0.0))
    found = pattern(
        find_patterns(journal(runs, habits=stretched), AS_OF), "skipped_stretch"
    )
    assert (found.n_exposed, found.n_unexposed) == (8, 4)


def test_it_counts_a_day_of_two_runs_once() -> None:
    runs = [run(2 * i) for i in range(6)]
    runs.append(Workout("extra.fit", at(0, 18), "running", 1800, 5000, shoe="b"))
    found = find_patterns(journal(runs), AS_OF)
    assert pattern(found, "shoe:a").n_exposed == 6
    assert pattern(found, "shoe:b").n_exposed == 1
    assert pattern(found, "shoe:b").n_unexposed == 5


def test_it_ignores_other_sports() -> None:
    ride = Workout("ride.fit", at(0), "cycling", 3600, 30000)
    assert find_patterns(journal([ride]), AS_OF) == ()


def test_it_judges_skipped_warm_ups_like_stretching() -> None:
    runs = [run(2 * i) for i in range(10)]
    warmed = [
        Habit(START + timedelta(days=4 * i), "warmup", minutes=5.0) for i in range(5)
    ]
    found = pattern(
        find_patterns(journal(runs, habits=warmed), AS_OF), "skipped_warmup"
    )
    assert (found.n_exposed, found.n_unexposed) == (5, 5)
    assert "with no warm-up logged" in found.text


def test_it_prefers_the_recorded_average_speed_for_pace() -> None:
    runs = [run(2 * i) for i in range(8)]
    # Same distance and time, but the watch says this one moved at 5 m/s.
    runs[3] = Workout("fast.fit", at(6), "running", 3600, 10000, avg_speed_mps=5.0)
    found = pattern(find_patterns(journal(runs), AS_OF), "fast_pace")
    assert (found.n_exposed, found.n_unexposed) == (1, 7)


def test_it_reads_an_unknown_time_zone_as_utc() -> None:
    runs, aches = shoe_study(8, 6, 14, 2)
    data = journal(runs, aches)
    odd = RunnerData(
        profile=RunnerProfile(time_zone="Mars/Base"),
        shoes=data.shoes,
        workouts=data.workouts,
        aches=data.aches,
    )
    assert find_patterns(odd, AS_OF) == find_patterns(data, AS_OF)


def test_it_says_when_the_continuity_correction_was_used() -> None:
    runs, aches = shoe_study(5, 3, 5, 0)
    found = pattern(find_patterns(journal(runs, aches), AS_OF), "shoe:a")
    assert found.claimed
    assert found.effect == pytest.approx(7.0)  # (3.5/6) / (0.5/6)
    assert "with 0.5 added to each cell because one was empty" in found.text


def test_a_run_without_distance_is_neither_long_nor_short() -> None:
    runs = [run(2 * i) for i in range(6)]
    runs.append(run(20, km=0.0))
    found = pattern(find_patterns(journal(runs), AS_OF), "long_run")
    assert (found.n_exposed, found.n_unexposed) == (0, 6)
