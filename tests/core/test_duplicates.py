"""One recording once (DESIGN §2): the cases a runner's history really holds."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stridelight.core.activity import Activity, empty_samples
from stridelight.core.duplicates import (
    Channel,
    Duplicates,
    Recording,
    channels_of,
    find_duplicates,
    keep_once,
    recording_from_activity,
    recording_from_workout,
)
from stridelight.core.journal import Workout
from stridelight.core.thresholds import DEFAULTS, citation
from stridelight.importers import read

T0 = datetime(2024, 5, 4, 7, 0, tzinfo=UTC)
WATCH: frozenset[Channel] = frozenset({"heart_rate", "cadence", "position", "altitude"})
PHONE: frozenset[Channel] = frozenset({"position", "altitude"})


def rec(
    id: str,
    start_s: float,
    duration_s: float | None,
    *,
    sport: str = "running",
    channels: frozenset[Channel] = PHONE,
    samples: int | None = None,
    format: str = "gpx",
) -> Recording:
    """A recording ``start_s`` seconds after 07:00, one sample a second by default."""
    return Recording(
        id=id,
        start=T0 + timedelta(seconds=start_s),
        duration_s=duration_s,
        sport=sport,
        distance_m=None if duration_s is None else duration_s * 2.8,
        samples=samples if samples is not None else int(duration_s or 0),
        channels=channels,
        format=format,
    )


def overlap_share(a: Recording, b: Recording) -> float:
    """Overlap of two recordings as a share of the shorter one's duration."""
    assert a.duration_s and b.duration_s
    a0, b0 = a.start.timestamp(), b.start.timestamp()
    overlap = min(a0 + a.duration_s, b0 + b.duration_s) - max(a0, b0)
    return overlap / min(a.duration_s, b.duration_s)


# --- the cases of DESIGN §2 --------------------------------------------------------


def test_a_fit_and_a_tcx_of_one_run_are_one_activity_and_the_fit_is_kept() -> None:
    fit = rec("run.fit", 0, 3000, channels=WATCH, format="fit")
    tcx = rec("run.tcx", 0, 3000, channels=WATCH, format="tcx")
    found = find_duplicates([tcx, fit])
    assert found.kept == ("run.fit",)
    assert found.duplicate_of == {"run.tcx": "run.fit"}
    assert found.count == 1


def test_a_cut_copy_beside_the_original_links_to_the_original() -> None:
    original = rec("original.fit", 0, 3600, channels=WATCH, format="fit")
    cut = rec("cut.fit", 0, 1800, channels=WATCH, format="fit")
    found = find_duplicates([cut, original])
    assert found.kept == ("original.fit",)
    assert found.duplicate_of == {"cut.fit": "original.fit"}


def test_a_watch_and_a_phone_on_one_run_forty_seconds_apart_keep_the_watch() -> None:
    watch = rec("watch.fit", 0, 2700, channels=WATCH, format="fit")
    phone = rec("phone.gpx", 40, 2720, channels=PHONE, format="gpx")
    found = find_duplicates([phone, watch])
    assert found.kept == ("watch.fit",)
    assert found.duplicate_of == {"phone.gpx": "watch.fit"}


def test_heart_rate_outweighs_more_samples_because_the_load_rests_on_it() -> None:
    with_hr = rec("chest-strap.fit", 0, 3000, channels=frozenset({"heart_rate"}))
    dense = rec("phone.gpx", 0, 3000, channels=PHONE, samples=6000)
    found = find_duplicates([dense, with_hr])
    assert found.kept == ("chest-strap.fit",)


def test_back_to_back_runs_that_merely_touch_are_two_activities() -> None:
    first = rec("first.fit", 0, 1800)
    second = rec("second.fit", 1800, 1800)
    found = find_duplicates([first, second])
    assert found.kept == ("first.fit", "second.fit")
    assert found.count == 0


def test_a_warm_up_overlapping_the_run_by_a_few_seconds_is_its_own_activity() -> None:
    warm_up = rec("warm-up.fit", 0, 600, sport="walking")
    run = rec("run.fit", 595, 3000, channels=WATCH)
    found = find_duplicates([run, warm_up])
    assert found.kept == ("warm-up.fit", "run.fit")
    assert found.count == 0


def test_three_copies_of_one_run_are_one_activity_with_two_links() -> None:
    watch = rec("watch.fit", 0, 3000, channels=WATCH, format="fit")
    strava = rec("strava.gpx", 0, 3000, channels=PHONE, format="gpx")
    phone = rec("phone.tcx", 25, 2990, channels=PHONE, format="tcx")
    found = find_duplicates([strava, phone, watch])
    assert found.kept == ("watch.fit",)
    assert found.duplicate_of == {"strava.gpx": "watch.fit", "phone.tcx": "watch.fit"}


def test_a_copy_spanning_two_runs_does_not_merge_the_runs() -> None:
    # A phone left recording across a run and the next one: both runs stay, and
    # the phone's file links to the one it overlaps longest.
    morning = rec("morning.fit", 0, 1200, channels=WATCH)
    later = rec("later.fit", 1500, 2400, channels=WATCH)
    phone = rec("phone.gpx", 0, 3900, channels=PHONE)
    found = find_duplicates([phone, later, morning])
    assert found.kept == ("morning.fit", "later.fit")
    assert found.duplicate_of == {"phone.gpx": "later.fit"}


def test_a_chain_of_copies_links_every_copy_to_the_kept_one() -> None:
    # A ~ B and B ~ C, with B the richest: A and C both point at B, never at each other.
    a = rec("a.gpx", 0, 3000)
    b = rec("b.fit", 600, 3000, channels=WATCH, format="fit")
    c = rec("c.gpx", 1200, 3000)
    found = find_duplicates([c, a, b])
    assert found.kept == ("b.fit",)
    assert found.duplicate_of == {"a.gpx": "b.fit", "c.gpx": "b.fit"}


def test_a_generic_watch_and_a_running_phone_are_one_run() -> None:
    watch = rec("watch.fit", 0, 3000, sport="generic", channels=WATCH, format="fit")
    phone = rec("phone.gpx", 10, 3000, sport="running")
    found = find_duplicates([watch, phone])
    assert found.duplicate_of == {"phone.gpx": "watch.fit"}
    # The kept file does not know it was a run; its copy does.
    assert found.sports == {"watch.fit": "running"}


def test_recordings_of_different_sports_at_one_time_are_still_one_activity() -> None:
    # One body, one activity at a time: a phone guessing "walking" for a slow run
    # must not double the day's load.
    watch = rec("watch.fit", 0, 3000, sport="running", channels=WATCH, format="fit")
    phone = rec("phone.gpx", 0, 3000, sport="walking")
    found = find_duplicates([watch, phone])
    assert found.duplicate_of == {"phone.gpx": "watch.fit"}
    assert found.sports == {}  # the kept file named its own sport


def test_a_recording_without_duration_is_kept_and_matches_nothing() -> None:
    run = rec("run.fit", 0, 3000)
    no_length = rec("manual.fit", 0, None)
    zero_length = rec("zero.gpx", 0, 0)
    found = find_duplicates([run, no_length, zero_length])
    assert set(found.kept) == {"run.fit", "manual.fit", "zero.gpx"}
    assert found.count == 0


def test_the_share_is_the_threshold_setting() -> None:
    # 1,800 s of overlap on a 3,000 s shorter run: 60 %.
    a = rec("a.fit", 0, 3000, channels=WATCH)
    b = rec("b.gpx", 1200, 3000)
    assert citation("duplicate_overlap_share") == "duplicate_rule"
    assert find_duplicates([a, b]).count == 1
    strict = replace(DEFAULTS, duplicate_overlap_share=0.75)
    assert find_duplicates([a, b], thresholds=strict).count == 0


def test_kept_ids_come_in_order_of_start() -> None:
    runs = [rec(f"run{day}.fit", day * 86_400, 1800) for day in (3, 0, 2, 1)]
    assert find_duplicates(runs).kept == (
        "run0.fit",
        "run1.fit",
        "run2.fit",
        "run3.fit",
    )


def test_a_ten_year_history_with_a_copy_of_every_tenth_run() -> None:
    days = 3650
    runs = [rec(f"{d}.fit", d * 86_400, 2400, channels=WATCH) for d in range(days)]
    copies = [rec(f"{d}.gpx", d * 86_400 + 30, 2400) for d in range(0, days, 10)]
    found = find_duplicates(copies + runs)
    assert found.count == len(copies)
    assert all(found.duplicate_of[c.id] == c.id.replace(".gpx", ".fit") for c in copies)


# --- bad input ---------------------------------------------------------------------


def test_two_recordings_with_one_id_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"'run\.fit'"):
        find_duplicates([rec("run.fit", 0, 100), rec("run.fit", 900, 100)])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": datetime(2024, 5, 4, 7)}, "aware"),
        ({"duration_s": -5.0}, "duration_s"),
        ({"duration_s": float("nan")}, "duration_s"),
        ({"distance_m": float("inf")}, "distance_m"),
        ({"samples": -1}, "samples"),
        ({"channels": frozenset({"heart_rate", "speed"})}, "speed"),
    ],
)
def test_a_malformed_recording_is_refused_naming_the_field(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        replace(rec("run.fit", 0, 100), **change)  # type: ignore[arg-type]


def test_a_share_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="duplicate_overlap_share"):
        find_duplicates([], thresholds=replace(DEFAULTS, duplicate_overlap_share=1.0))


# --- building the description ------------------------------------------------------


def activity(**columns: list[float]) -> Activity:
    samples = empty_samples(len(columns["t"]))
    for name, values in columns.items():
        samples[name] = np.array(values, dtype=float)
    return Activity("tcx", "running", T0, None, None, 900.0, samples)


def test_channels_are_what_at_least_one_sample_carries() -> None:
    nan = float("nan")
    samples = activity(
        t=[0.0, 1.0, 2.0],
        hr_bpm=[nan, 140.0, nan],
        lat=[50.0, 50.0, 50.0],  # a position needs lon as well
        alt_m=[nan, nan, nan],
    ).samples
    assert channels_of(samples) == {"heart_rate"}


def test_a_recording_from_an_activity_without_duration_uses_its_samples_span() -> None:
    described = recording_from_activity(activity(t=[10.0, 70.0, 610.0]), id="a.tcx")
    assert described.duration_s == pytest.approx(600.0)
    assert (described.samples, described.format, described.id) == (3, "tcx", "a.tcx")


def test_a_recording_from_an_activity_without_start_is_refused_by_id() -> None:
    started = activity(t=[0.0, 1.0])
    unstarted = replace(started, start=None)
    with pytest.raises(ValueError, match=r"a\.tcx"):
        recording_from_activity(unstarted, id="a.tcx")


def workout(id: str, start_s: float, **fields: object) -> Workout:
    base = Workout(id, T0 + timedelta(seconds=start_s), "running", 3000.0, 8400.0)
    return replace(base, **fields)  # type: ignore[arg-type]


def test_a_recording_from_a_workout_carries_the_given_richness() -> None:
    w = workout("run.fit", 0)
    described = recording_from_workout(
        w, samples=3000, channels=["heart_rate"], format="fit"
    )
    assert (described.start, described.duration_s) == (w.start, w.duration_s)
    assert described.channels == {"heart_rate"}


def test_keep_once_keeps_what_the_runner_noted_on_a_copy() -> None:
    watch = workout("watch.fit", 0, sport="generic")
    phone = workout("phone.gpx", 20, shoe="pegasus", rpe=6.0)
    next_day = workout("next.fit", 86_400, shoe="cloud")
    found = Duplicates(
        kept=("watch.fit", "next.fit"),
        duplicate_of={"phone.gpx": "watch.fit"},
        sports={"watch.fit": "running"},
    )
    kept = keep_once([watch, phone, next_day], found)
    assert [w.id for w in kept] == ["watch.fit", "next.fit"]
    assert (kept[0].sport, kept[0].shoe, kept[0].rpe) == ("running", "pegasus", 6.0)
    assert kept[1] == next_day


# --- real files --------------------------------------------------------------------


def read_recordings(real_dir: Path, *names: str) -> list[Recording]:
    return [recording_from_activity(read(real_dir / n), id=n) for n in names]


def test_the_real_fit_and_tcx_of_one_10k_are_one_activity(real_dir: Path) -> None:
    fit, tcx = (
        "fit/goldencheetah__10kUNLP2014-Garmin15.fit",
        ("tcx/goldencheetah__10kUNLP2014-Garmin15.tcx"),
    )
    found = find_duplicates(read_recordings(real_dir, tcx, fit))
    assert found.duplicate_of == {tcx: fit}


def test_a_real_fit_and_its_gpx_export_keep_the_fit(real_dir: Path) -> None:
    fit, gpx = "fit/fittrackee__example.fit", "gpx/fittrackee__test.gpx"
    found = find_duplicates(read_recordings(real_dir, gpx, fit))
    assert found.duplicate_of == {gpx: fit}


def test_a_real_tcx_with_heart_rate_beats_its_copy_without(real_dir: Path) -> None:
    with_hr, without = "tcx/tcxparser__test.tcx", "tcx/tcxparser__no_hr.tcx"
    found = find_duplicates(read_recordings(real_dir, without, with_hr))
    assert found.duplicate_of == {without: with_hr}


def test_real_copies_of_one_recording_become_one_activity(real_dir: Path) -> None:
    names = (
        "fit/fitparse__Activity.fit",
        "fit/fitparse__activity-settings-corruptheader.fit",
        "fit/fitparse__activity-settings-nodata.fit",
        "fit/muktihari-fit__activity_truncated.fit",  # generic, no position
    )
    found = find_duplicates(read_recordings(real_dir, *reversed(names)))
    assert found.kept == (names[0],)
    assert set(found.duplicate_of.values()) == {names[0]}


# --- properties --------------------------------------------------------------------

CHANNEL_SETS = st.one_of(
    st.sampled_from([WATCH, PHONE]),
    st.frozensets(
        st.sampled_from(["heart_rate", "cadence", "power", "position", "altitude"])
    ),
)
#: Few distinct values, so that near-copies and exact ties come up often.
ROUND_TIMES = st.sampled_from([0, 600, 1800, 3600])
STARTS = st.one_of(ROUND_TIMES, st.integers(0, 4 * 3600))
DURATIONS = st.one_of(st.none(), ROUND_TIMES, st.integers(0, 3600))
SAMPLES = st.integers(0, 3)
FORMATS = st.sampled_from(["fit", "tcx", "gpx"])
SPORTS = st.sampled_from(["running", "generic"])


@st.composite
def histories(draw: st.DrawFn) -> list[Recording]:
    """Recordings over four hours, plus exact copies of some (ties the id must break)."""
    count = draw(st.integers(0, 25))
    originals = [
        rec(
            f"r{i:02d}",
            draw(STARTS),
            draw(DURATIONS),
            channels=draw(CHANNEL_SETS),  # type: ignore[arg-type]
            samples=draw(SAMPLES),
            format=draw(FORMATS),
            sport=draw(SPORTS),
        )
        for i in range(count)
    ]
    cloned = draw(st.lists(st.integers(0, count - 1), max_size=5)) if count else []
    copies = [replace(originals[i], id=f"c{n:02d}") for n, i in enumerate(cloned)]
    return originals + copies


@settings(max_examples=200, deadline=None)
@given(history=histories(), seed=st.integers(0, 2**32 - 1))
def test_the_order_of_input_does_not_change_the_verdict(
    history: list[Recording], seed: int
) -> None:
    shuffled = history[:]
    random.Random(seed).shuffle(shuffled)
    assert find_duplicates(shuffled) == find_duplicates(history)


@settings(max_examples=200, deadline=None)
@given(history=histories())
def test_every_copy_points_at_a_kept_recording_it_overlaps(
    history: list[Recording],
) -> None:
    found = find_duplicates(history)
    by_id = {r.id: r for r in history}
    assert set(found.kept) | set(found.duplicate_of) == set(by_id)
    assert not set(found.kept) & set(found.duplicate_of)
    for copy, original in found.duplicate_of.items():
        assert original in found.kept
        share = overlap_share(by_id[copy], by_id[original])
        assert share > DEFAULTS.duplicate_overlap_share


@settings(max_examples=200, deadline=None)
@given(history=histories())
def test_kept_recordings_never_overlap_by_more_than_the_share(
    history: list[Recording],
) -> None:
    found = find_duplicates(history)
    timed = [r for r in history if r.id in found.kept and r.duration_s]
    for i, a in enumerate(timed):
        for b in timed[i + 1 :]:
            assert overlap_share(a, b) <= DEFAULTS.duplicate_overlap_share
