"""The plan: MFR cadence from the runner's own load, actions aimed and explained."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from stridelight.core.analysis import analyze
from stridelight.core.detectors import build_context
from stridelight.core.evidence import SOURCES
from stridelight.core.hydration import sweat_rate, target
from stridelight.core.journal import Checkin, Habit, RunnerData, RunnerProfile
from stridelight.core.plan_actions import stretch_targets
from stridelight.core.results import ChainLink, Plan
from stridelight.core.vocabulary import RedFlagId
from tests.core import scenarios as sc
from tests.core.scenarios import AS_OF

NO_RUNNING_FLAGS: tuple[RedFlagId, ...] = ("focal_bone_pain", "cannot_bear_weight")


def plan_of(data: RunnerData) -> Plan:
    return analyze(data, as_of=AS_OF).plan


def action(plan: Plan, kind: str) -> str:
    return next(a.text for a in plan.actions if a.kind == kind)


@pytest.mark.parametrize(
    ("build", "cadence"),
    [
        (sc.healthy, "monthly"),
        (sc.heavy_build, "weekly"),
        (sc.repetitive_strain, "weekly"),  # a load flag at ordinary-or-higher load
        (sc.red_flag, "refer_first"),
        (sc.night_pain_ache, "refer_first"),
        (sc.new_runner, "monthly"),  # no baseline yet: never "heavy"
        (RunnerData, "monthly"),
    ],
)
def test_it_sets_the_mfr_cadence(build: object, cadence: str) -> None:
    assert callable(build)
    assert plan_of(build()).mfr_cadence == cadence


def test_heavy_training_is_explained_with_the_runners_numbers() -> None:
    mfr = next(a for a in plan_of(sc.heavy_build()).actions if a.kind == "mfr")
    assert "Heavy training" in mfr.why
    assert re.search(r"\d\.\d\d × your own median", mfr.why)
    assert mfr.citation == "clinic_protocol"


def test_red_flags_put_the_physician_first_and_block_booking() -> None:
    plan = plan_of(sc.red_flag())
    first, second = plan.actions[:2]
    assert first.kind == "see_physician" and "physician first" in first.text
    assert second.kind == "mfr" and "paused" in second.text and "phone" in second.text
    for a in plan.actions:
        if a.kind in ("stretch", "strength", "warmup", "variety"):
            assert a.text.startswith("Once a physician has cleared you")


def test_without_red_flags_there_is_no_referral() -> None:
    plan = plan_of(sc.healthy())
    assert all(a.kind != "see_physician" for a in plan.actions)
    assert plan.actions[0].kind == "mfr"


def test_every_action_cites_a_known_source_and_never_diagnoses() -> None:
    for build in (
        sc.healthy,
        sc.tight_chain,
        sc.footwear,
        sc.red_flag,
        sc.under_recovery,
    ):
        for a in plan_of(build()).actions:
            assert a.citation in SOURCES
            assert a.text and a.why
            words = (a.text + " " + a.why).lower().replace("not a diagnosis", "")
            for label in (
                "diagnos",
                "fasciitis",
                "tendinopathy",
                "fracture",
                "syndrome",
            ):
                assert label not in words


def test_stretching_aims_at_the_top_ranked_regions() -> None:
    chain = (ChainLink("hamstrings", 0.8, "superficial_back_line", "strong"),
             ChainLink("achilles", 0.6, "superficial_back_line", "strong"),
             ChainLink("hip_flexors", 0.5, "deep_front_line", "limited"),
             ChainLink("lower_back", 0.4, "superficial_back_line", "strong"))  # fmt: skip
    assert stretch_targets(chain) == ("hamstrings", "calf", "hip_flexors")
    assert stretch_targets(()) == ("calf", "hamstrings", "hip_flexors")
    stretch = next(a for a in plan_of(sc.tight_chain()).actions if a.kind == "stretch")
    assert "5 minutes after each run" in stretch.text and stretch.targets


def test_calf_strength_comes_with_stretching() -> None:
    strength = next(
        a for a in plan_of(sc.tight_chain()).actions if a.kind == "strength"
    )
    assert strength.citation == "lauersen2014" and strength.targets == ("calf",)
    assert "heel raises" in strength.text and "17 repetitions" in strength.why


def test_the_hydration_target_scales_with_body_mass() -> None:
    text = action(plan_of(sc.healthy()), "hydration")
    assert "300-420 mL" in text  # 5-7 mL/kg × 60 kg
    assert "0.4-0.6 L per hour" in text


def test_warm_runs_move_the_drinking_rate_up() -> None:
    base = sc.healthy()
    warm = tuple(replace(w, temperature_c=27.0) for w in base.workouts)
    assert "0.6-0.8 L per hour" in action(
        plan_of(replace(base, workouts=warm)), "hydration"
    )


def test_a_logged_sweat_test_sets_the_drinking_rate() -> None:
    test = Habit(AS_OF, "hydration", minutes=60, liters=0.5,
                 targets={"mass_pre_kg": 60.0, "mass_post_kg": 59.2})  # fmt: skip
    assert sweat_rate([test]) == pytest.approx(1.3)  # (0.8 kg + 0.5 L) / 1 h
    goal = target(RunnerProfile(body_mass_kg=60.0), [test], hot=False)
    # Allowed: 2 % of 60 kg over a 90-minute run = 0.8 L/h; never above the sweat
    # rate, nor above the safe ceiling of 1 L/h (hydration_caps).
    assert goal.during_l_per_h == pytest.approx((0.5, 1.0))


def test_it_names_the_pair_to_replace_and_the_pair_to_rotate_with() -> None:
    plan = plan_of(sc.footwear())
    shoes = [a for a in plan.actions if a.kind == "shoes"]
    assert any("Replace Road pair A at 700 km" in a.text for a in shoes)
    rotate = next(a for a in shoes if a.citation == "malisoux2015")
    assert "Alternate Road pair A with Road pair B" in rotate.text
    assert rotate.targets == ("a", "b")


def test_a_runner_with_one_pair_is_asked_to_add_a_second() -> None:
    base = sc.footwear()
    roomy = replace(base.shoes[0], limit_km=2000.0)
    one = replace(base, shoes=(roomy,), workouts=tuple(
        replace(w, shoe="a") for w in base.workouts))  # fmt: skip
    assert "Add a second pair" in " ".join(
        a.text for a in plan_of(one).actions if a.kind == "shoes"
    )


def test_rotation_never_names_a_pair_past_its_limit() -> None:
    """The only pair is past its limit: the plan says replace it, and rotation
    asks for two new pairs rather than alternating with the worn one."""
    base = sc.footwear()
    one = replace(base, shoes=base.shoes[:1], workouts=tuple(
        replace(w, shoe="a") for w in base.workouts))  # fmt: skip
    shoes = [a for a in plan_of(one).actions if a.kind == "shoes"]
    assert "now" in shoes[0].text
    rotate = next(a for a in shoes if a.citation == "malisoux2015")
    assert "Alternate" not in rotate.text
    assert "two pairs" in rotate.text
    assert rotate.targets == ()


def test_rotation_pairs_a_spare_with_the_replacement_of_a_worn_out_pair() -> None:
    base = sc.footwear()
    worn = replace(base.shoes[0], start_km=800.0)
    plan = plan_of(replace(base, shoes=(worn, base.shoes[1])))
    rotate = next(a for a in plan.actions if a.citation == "malisoux2015")
    assert rotate.text.startswith("Alternate Road pair B with the pair that replaces")
    assert rotate.targets == ("b",)


def test_it_asks_for_shoes_when_none_are_logged() -> None:
    unshod = tuple(replace(w, shoe=None) for w in sc.new_runner().workouts)
    plan = plan_of(RunnerData(workouts=unshod))
    assert "Log which pair" in action(plan, "shoes")


def test_it_caps_single_runs_at_ten_percent_over_the_monthly_longest() -> None:
    text = action(plan_of(sc.healthy()), "variety")
    assert "under 15.4 km" in text and "14.0 km" in text  # 1.1 × 14 km


def test_heavy_training_needs_eight_weeks_of_history() -> None:
    from stridelight.core.plan import heavy_training

    ctx = build_context(sc.new_runner(30), AS_OF)
    heavy, why = heavy_training(ctx, ())
    assert not heavy and "days of history" in why


def test_a_retired_pair_gets_no_replacement_advice() -> None:
    base = sc.healthy()
    shoes = (
        replace(base.shoes[0], retired_on=AS_OF - timedelta(days=1)),
        base.shoes[1],
    )
    texts = [
        a.text for a in plan_of(replace(base, shoes=shoes)).actions if a.kind == "shoes"
    ]
    assert not any("pair A" in t for t in texts)


def test_only_pairs_near_their_limit_get_a_replace_line() -> None:
    data = sc.footwear()
    fresh = (data.shoes[0], replace(data.shoes[1], start_km=0.0, limit_km=800.0))
    shoes = [
        a for a in plan_of(replace(data, shoes=fresh)).actions if a.kind == "shoes"
    ]
    replaced = [a.targets for a in shoes if a.text.startswith("Replace")]
    assert replaced == [("a",)]


def test_the_stated_single_run_cap_is_rounded_down() -> None:
    # 13.96 km longest: 110 % is 15.356 km; "under 15.4 km" would let 15.38 km spike.
    base = sc.healthy()
    longest = max(w.distance_m for w in base.workouts)
    data = replace(
        base,
        workouts=tuple(
            replace(w, distance_m=13_960.0) if w.distance_m == longest else w
            for w in base.workouts
        ),
    )
    assert "under 15.3 km" in action(plan_of(data), "variety")


def test_a_block_without_rest_days_brings_a_rest_action_and_mfr_on_rest_days() -> None:
    """Under two weeks in a row: the streak watches, so one rest day this week."""
    analysis = analyze(sc.under_recovery(), as_of=AS_OF)
    recovery = next(c for c in analysis.causes if c.id == "under_recovery")
    streak = next(e for e in recovery.evidence if e.signal == "consecutive_days")
    assert streak.level == "watch"
    plan = analysis.plan
    rest = next(a for a in plan.actions if a.kind == "rest")
    assert rest.text.startswith("Take 1 full rest day ")
    assert f"{streak.value:.0f}." in rest.why
    mfr = next(a for a in plan.actions if a.kind == "mfr")
    assert "book sessions on your rest days" in mfr.why
    assert all(a.kind != "rest" for a in plan_of(sc.healthy()).actions)


@pytest.mark.parametrize("flag", NO_RUNNING_FLAGS)
def test_a_possible_bone_injury_stops_every_action_but_the_physician(
    flag: RedFlagId,
) -> None:
    base = sc.healthy()
    flagged = replace(base, checkins=(*base.checkins, Checkin(AS_OF, (flag,))))
    plan = plan_of(flagged)
    assert [a.kind for a in plan.actions] == ["see_physician", "mfr"]
    assert "do not run" in plan.actions[0].text


def test_other_red_flags_keep_the_advice_after_clearance() -> None:
    plan = plan_of(sc.red_flag())
    kinds = {a.kind for a in plan.actions}
    assert {"stretch", "warmup", "hydration", "variety"} <= kinds


def test_stretching_names_the_aimed_regions_recent_stretches_missed() -> None:
    data = sc.tight_chain()
    aimed = stretch_targets(analyze(data, as_of=AS_OF).chain)
    done = Habit(AS_OF - timedelta(days=1), "stretch", minutes=6, regions=(aimed[0],))
    text = action(plan_of(replace(data, habits=(*data.habits, done))), "stretch")
    missed = text.split("has not reached:")[1]
    assert aimed[0].replace("_", " ") not in missed
    assert all(r.replace("_", " ") in missed for r in aimed[1:])


def test_a_skipped_stretch_reaches_nothing() -> None:
    data = sc.tight_chain()
    aimed = stretch_targets(analyze(data, as_of=AS_OF).chain)
    skipped = Habit(AS_OF, "stretch", minutes=0, regions=aimed)
    text = action(plan_of(replace(data, habits=(*data.habits, skipped))), "stretch")
    assert "reached" not in text
