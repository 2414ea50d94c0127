"""The four cause detectors, their shared scoring, and the thresholds' sources."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelight.core.detectors import build_context, detect_all
from stridelight.core.detectors import footwear as fw
from stridelight.core.detectors import repetitive_strain as rs
from stridelight.core.detectors import tight_chain as tc
from stridelight.core.detectors import under_recovery as ur
from stridelight.core.detectors.base import conclude, signal
from stridelight.core.evidence import SOURCES
from stridelight.core.journal import (
    Ache,
    Finding,
    RunnerData,
    Screening,
    Shoe,
    TherapySession,
)
from stridelight.core.results import CauseFinding
from stridelight.core.thresholds import DEFAULTS, Thresholds, citation
from stridelight.core.vocabulary import CAUSE_IDS, Level, ScreeningTest
from tests.core import scenarios as sc
from tests.core.scenarios import AS_OF, at, days_back, journals, run


def causes(
    data: RunnerData, thresholds: Thresholds = DEFAULTS
) -> dict[str, CauseFinding]:
    found = detect_all(build_context(data, AS_OF, thresholds))
    return {c.id: c for c in found}


def evidence(finding: CauseFinding, name: str) -> str:
    return next(e.level for e in finding.evidence if e.signal == name)


def band_of(score: float) -> str:
    if score >= DEFAULTS.score_flag:
        return "flag"
    return "watch" if score >= DEFAULTS.score_watch else "clear"


# --- shared rules ---------------------------------------------------------------


def test_every_threshold_cites_a_source_in_the_registry() -> None:
    for f in fields(Thresholds):
        assert citation(f.name) in SOURCES, f.name


def test_the_healthy_runner_is_clear_on_every_cause() -> None:
    assert {c.level for c in causes(sc.healthy()).values()} == {"clear"}


def test_three_watches_converge_to_a_flag_and_scores_follow_levels() -> None:
    watch = signal("x", "x", 1.0, "x", "nielsen2014", "watch")
    two = conclude("footwear", [watch, watch], DEFAULTS, "")
    three = conclude("footwear", [watch, watch, watch], DEFAULTS, "")
    assert (two.level, three.level) == ("watch", "flag")
    assert two.score is not None and three.score is not None
    assert band_of(two.score) == "watch" and band_of(three.score) == "flag"


def test_a_stronger_source_scores_higher_at_the_same_level() -> None:
    strong = conclude(
        "footwear", [signal("x", "x", 1.0, "x", "frandsen2025", "flag")], DEFAULTS, ""
    )
    weak = conclude(
        "footwear", [signal("x", "x", 1.0, "x", "cook1985", "flag")], DEFAULTS, ""
    )
    assert strong.score is not None and weak.score is not None
    assert strong.score > weak.score >= DEFAULTS.score_flag


# --- repetitive strain ----------------------------------------------------------


def test_it_flags_a_single_run_spike_with_its_tier() -> None:
    finding = causes(sc.repetitive_strain())["repetitive_strain"]
    spike = next(e for e in finding.evidence if e.signal == "single_run_spike")
    assert finding.level == "flag" and spike.level == "flag"
    assert "moderate spike" in spike.text  # 26 km against 14 km: +86 %
    assert spike.value == pytest.approx(185.71, abs=0.01)
    assert spike.citation == "frandsen2025"


def test_it_flags_the_same_loop_every_day() -> None:
    finding = causes(sc.same_loop_every_day())["repetitive_strain"]
    assert evidence(finding, "monotony") == "flag"
    assert evidence(finding, "training_variety") == "watch"


def test_distance_progression_alone_is_only_a_watch() -> None:
    # 20 km a week for two months, then 40 km: no single run beyond the longest.
    base = [run(d, (0, 5, 0, 5, 0, 10, 0)[d.weekday()], shoe="a", place=sc.PARK)
            for d in days_back(70) if d.weekday() in (1, 3, 5)]  # fmt: skip
    last = [run(d, km, shoe="a", pace=p, place=pl) for d, km, p, pl in zip(
        days_back(7), (4, 0, 9, 10, 0, 8, 9), (5.5, 6, 5.2, 6.3, 6, 5.8, 6.6),
        (sc.HOME, sc.HOME, sc.PARK, sc.RIVER, sc.HOME, sc.PARK, sc.HOME), strict=True) if km]  # fmt: skip
    data = sc.replace_last_days(RunnerData(workouts=tuple(base)), 7, last)
    finding = causes(data)["repetitive_strain"]
    assert evidence(finding, "distance_progression") == "watch"
    assert finding.level == "watch"


def test_a_new_users_first_runs_are_not_called_spikes() -> None:
    # Twice 3 km, then 6 km on day 9 of the recorded history: what came before the
    # first import is unknown, so no spike is claimed yet.
    runs = [
        run(AS_OF - timedelta(days=d), km) for d, km in ((9, 3.0), (7, 3.0), (1, 6.0))
    ]
    finding = causes(RunnerData(workouts=tuple(runs)))["repetitive_strain"]
    assert evidence(finding, "single_run_spike") == "not_assessed"
    later = [replace(w, start=w.start - timedelta(days=10)) for w in runs[:2]]
    finding = causes(RunnerData(workouts=(*later, *runs)))["repetitive_strain"]
    assert evidence(finding, "single_run_spike") == "flag"


def test_raising_a_threshold_changes_the_verdict() -> None:
    lax = replace(DEFAULTS, monotony_flag=20.0, monotony_watch=15.0)
    finding = causes(sc.same_loop_every_day(), lax)["repetitive_strain"]
    assert evidence(finding, "monotony") == "clear"


# --- footwear -------------------------------------------------------------------


def test_it_flags_one_worn_pair_carrying_every_run() -> None:
    finding = causes(sc.footwear())["footwear"]
    assert finding.level == "flag"
    assert evidence(finding, "shoe_rotation") == "flag"
    assert evidence(finding, "shoe_distance") == "watch"


def test_it_flags_a_pair_past_its_limit() -> None:
    base = sc.healthy()
    shoes = (replace(base.shoes[0], start_km=400.0, limit_km=500.0), base.shoes[1])
    assert (
        evidence(causes(replace(base, shoes=shoes))["footwear"], "shoe_distance")
        == "flag"
    )


def test_a_retired_pair_does_not_count_as_worn() -> None:
    base = sc.healthy()
    old = Shoe("old", "Old pair", "road", AS_OF - timedelta(days=900),
               AS_OF - timedelta(days=300), start_km=900.0)  # fmt: skip
    found = causes(replace(base, shoes=(*base.shoes, old)))["footwear"]
    assert evidence(found, "shoe_distance") == "clear"


def test_it_watches_a_sudden_change_of_shoe_kind() -> None:
    base = sc.healthy()
    switch = [replace(w, shoe="m") for w in sc.weekly_runs(days_back(14))]
    shoes = (
        *base.shoes,
        Shoe("m", "Minimal pair", "minimal", AS_OF - timedelta(days=14)),
    )
    data = replace(sc.replace_last_days(base, 14, switch), shoes=shoes)
    assert evidence(causes(data)["footwear"], "shoe_change") == "watch"


def test_it_watches_aches_that_follow_one_pair() -> None:
    base = sc.healthy()
    aches = [Ache(w.start + timedelta(hours=4), "arch", "left", 4, "after_run")
             for w in base.workouts if w.shoe == "b"]  # fmt: skip
    finding = causes(replace(base, aches=tuple(aches)))["footwear"]
    assert evidence(finding, "shoe_ache_rate") == "watch"


# --- tight chain ----------------------------------------------------------------


def test_it_flags_restrictions_found_up_the_chain() -> None:
    finding = causes(sc.tight_chain())["tight_chain"]
    assert finding.level == "flag"
    assert evidence(finding, "therapist_findings") == "flag"
    assert evidence(finding, "ache_line") == "watch"


def with_tests(*tests: Screening) -> RunnerData:
    base = sc.healthy()
    return replace(base, screenings=(*base.screenings, *tests))


@pytest.mark.parametrize(
    ("test", "value", "signal_name", "level"),
    [
        ("ankle_df_deg", 6.0, "ankle_dorsiflexion", "watch"),
        ("ankle_df_deg", -2.0, "ankle_dorsiflexion", "flag"),
        ("ankle_df_deg", 12.0, "ankle_dorsiflexion", "clear"),
        ("slr_deg", 72.0, "straight_leg_raise", "watch"),
        ("slr_deg", 80.0, "straight_leg_raise", "clear"),
        ("thomas", 1.0, "thomas_test", "watch"),
        ("heel_raise_reps", 18.0, "heel_raises", "watch"),
        ("heel_raise_reps", 25.0, "heel_raises", "clear"),
        ("knee_to_wall_cm", 8.0, "knee_to_wall", "watch"),
    ],
)
def test_it_reads_screening_tests_against_their_norms(
    test: ScreeningTest, value: float, signal_name: str, level: Level
) -> None:
    data = with_tests(Screening(AS_OF - timedelta(days=3), test, "both", value))
    assert evidence(causes(data)["tight_chain"], signal_name) == level


def test_a_knee_to_wall_side_difference_beyond_measurement_error_watches() -> None:
    day = AS_OF - timedelta(days=3)
    data = with_tests(Screening(day, "knee_to_wall_cm", "left", 10.0),
                      Screening(day, "knee_to_wall_cm", "right", 11.6))  # fmt: skip
    finding = causes(data)["tight_chain"]
    item = next(e for e in finding.evidence if e.signal == "knee_to_wall")
    assert item.level == "watch" and item.citation == "chisholm2012"


def test_old_screenings_and_foot_findings_do_not_count() -> None:
    old = Screening(AS_OF - timedelta(days=400), "slr_deg", "both", 50.0)
    foot = TherapySession(
        AS_OF - timedelta(days=5), "mfr", (Finding("arch", "left", 3),)
    )
    base = sc.healthy()
    data = replace(base, screenings=(old,), sessions=(foot,))
    finding = causes(data)["tight_chain"]
    assert finding.level == "clear"


def test_it_watches_step_length_falling_at_matched_pace() -> None:
    base = sc.healthy()
    shorter = [replace(w, step_length_m=0.9) for w in sc.weekly_runs(days_back(28))]
    data = sc.replace_last_days(base, 28, shorter)
    assert evidence(causes(data)["tight_chain"], "step_length") == "watch"


def test_shorter_steps_at_a_slower_pace_are_not_a_fall() -> None:
    base = sc.healthy()
    slow = [replace(w, step_length_m=0.9, avg_speed_mps=(w.avg_speed_mps or 3) * 0.7)
            for w in sc.weekly_runs(days_back(28))]  # fmt: skip
    data = sc.replace_last_days(base, 28, slow)
    assert evidence(causes(data)["tight_chain"], "step_length") != "watch"


def test_aches_only_on_the_unsupported_front_line_do_not_line_up() -> None:
    base = sc.healthy()
    aches = [Ache(at(AS_OF - timedelta(days=2)), r, "left", 4, "after_run")
             for r in ("toes", "knee_front")]  # fmt: skip
    finding = causes(replace(base, aches=tuple(aches)))["tight_chain"]
    assert evidence(finding, "ache_line") == "clear"


# --- under-recovery -------------------------------------------------------------


def test_it_flags_a_block_without_rest_and_rising_morning_aches() -> None:
    finding = causes(sc.under_recovery())["under_recovery"]
    assert finding.level == "flag"
    assert evidence(finding, "consecutive_days") == "watch"
    assert evidence(finding, "morning_ache") == "flag"
    assert evidence(finding, "habits_skipped") == "watch"


def test_it_flags_form_below_minus_thirty() -> None:
    base = sc.healthy()
    block = [run(d, 16.0, pace=5.0, shoe="ab"[i % 2], trimp=200.0, place=pl)
             for i, (d, pl) in enumerate(zip(days_back(6), (sc.HOME, sc.PARK, sc.RIVER) * 2, strict=True))]  # fmt: skip
    finding = causes(sc.replace_last_days(base, 6, block))["under_recovery"]
    assert evidence(finding, "form") == "flag"


def test_form_is_not_judged_on_a_short_history() -> None:
    finding = causes(sc.new_runner(12))["under_recovery"]
    item = next(e for e in finding.evidence if e.signal == "form")
    assert item.level == "not_assessed" and item.value is None


def test_it_watches_drinking_below_target() -> None:
    base = sc.healthy()
    habits = tuple(
        replace(h, liters=1.0) if h.kind == "hydration" else h for h in base.habits
    )
    assert (
        evidence(causes(replace(base, habits=habits))["under_recovery"], "hydration")
        == "watch"
    )


def test_a_set_drinking_target_wins_over_the_default() -> None:
    base = sc.healthy()
    habits = tuple(replace(h, liters=1.0, targets={"liters": 0.9}) if h.kind == "hydration"
                   else h for h in base.habits)  # fmt: skip
    assert (
        evidence(causes(replace(base, habits=habits))["under_recovery"], "hydration")
        == "clear"
    )


def test_habits_never_logged_are_not_called_skipped() -> None:
    base = sc.healthy()
    only_water = tuple(h for h in base.habits if h.kind == "hydration")
    finding = causes(replace(base, habits=only_water))["under_recovery"]
    assert evidence(finding, "habits_skipped") == "not_assessed"


def test_morning_aches_holding_steady_do_not_fire() -> None:
    base = sc.healthy()
    mornings = [
        Ache(at(d, 7), "heel", "left", 4, "next_morning") for d in days_back(14)
    ]
    finding = causes(replace(base, aches=(*base.aches, *mornings)))["under_recovery"]
    assert evidence(finding, "morning_ache") == "clear"


# --- invariants over random journals ---------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals())
def test_scores_stay_in_range_and_agree_with_levels(data: RunnerData) -> None:
    for finding in causes(data).values():
        assert all(e.citation in SOURCES for e in finding.evidence)
        judged = [e for e in finding.evidence if e.level != "not_assessed"]
        if not judged:
            assert (finding.level, finding.score) == ("not_assessed", None)
            continue
        assert finding.score is not None and 0.0 <= finding.score <= 1.0
        assert band_of(finding.score) == finding.level
        flagged = [e for e in judged if e.level == "flag"]
        watches = [e for e in judged if e.level == "watch"]
        expect = (
            "flag"
            if flagged or len(watches) >= 3
            else ("watch" if watches else "clear")
        )
        assert finding.level == expect


def test_each_detector_module_names_its_cause() -> None:
    assert [m.CAUSE for m in (rs, fw, tc, ur)] == list(CAUSE_IDS)


def test_every_source_is_explained_in_the_evidence_page() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "evidence.md").read_text()
    for source_id in SOURCES:
        assert f"`{source_id}`" in page, source_id


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals(), st.data())
def test_taking_a_workout_away_never_lengthens_the_streak(
    data: RunnerData, pick: st.DataObject
) -> None:
    if not data.workouts:
        return
    drop = pick.draw(st.integers(0, len(data.workouts) - 1))
    fewer = replace(data, workouts=data.workouts[:drop] + data.workouts[drop + 1 :])

    def streak(d: RunnerData) -> float:
        item = next(
            e
            for e in causes(d)["under_recovery"].evidence
            if e.signal == "consecutive_days"
        )
        return float(item.value) if isinstance(item.value, float) else 0.0

    assert streak(fewer) <= streak(data)
