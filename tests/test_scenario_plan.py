"""End to end: the plan never contradicts a finding (real bundles, `analyze --json`).

Each runner is one story on the healthy runner of ``scenario_runners``: a comeback
after seven weeks off, a red flag that rules out running, a diary that logs some
habits and not others, stretching that misses the chain, a spare pair past its
limit, aches on both feet.  The assertions are the domain's rules (DESIGN §1,
docs/evidence.md), not the numbers the code happens to give.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.scenario_plan_runners import (
    BREAK_FROM,
    aches_on_both_feet,
    comeback,
    nothing_logged_about_habits,
    on_a_break,
    pinpoint_pain_in_the_diary,
    red_flag_stops_running,
    spare_pair_worn_out,
    stretch_logged_once,
    stretching_only_the_calves,
)
from tests.scenario_runners import AS_OF, half_marathon, no_rest_days
from tests.test_scenario_bundles import evidence, levels, mfr_reason, run_scenario


def actions(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [a for a in doc["plan"]["actions"] if a["kind"] == kind]


def variety_text(doc: dict[str, Any]) -> str:
    (action,) = actions(doc, "variety")
    return str(action["text"])


# --- a spike is not the new baseline ---------------------------------------------


def test_the_cap_after_a_spike_grows_from_the_runs_before_it(tmp_path: Path) -> None:
    """A 21.1 km race after a month whose longest run was 14 km: the next runs are
    capped at 110 % of 14 km, not of the race."""
    doc = run_scenario(half_marathon(), tmp_path, on=AS_OF + timedelta(days=1))
    assert evidence(doc, "repetitive_strain", "single_run_spike")["level"] == "flag"
    text = variety_text(doc)
    assert "under 15.4 km" in text
    assert "before the 21.1 km spike" in text
    assert "23.2" not in text


# --- a comeback after a break ----------------------------------------------------


def test_a_long_first_run_after_seven_weeks_off_is_compared_with_before_the_break(
    tmp_path: Path,
) -> None:
    doc = run_scenario(comeback(16.8), tmp_path)
    off = (AS_OF - timedelta(days=1) - BREAK_FROM).days - 1
    spike = evidence(doc, "repetitive_strain", "single_run_spike")
    assert spike["level"] == "flag"  # 16.8 km against 14 km: 120 %, a small spike
    assert spike["value"] == pytest.approx(120.0, abs=0.1)
    assert f"before your {off}-day break" in spike["text"]
    back = evidence(doc, "repetitive_strain", "comeback")
    assert (back["level"], back["value"]) == ("watch", off)
    assert levels(doc)["repetitive_strain"] == "flag"
    # The comeback run spiked: the cap grows from the 14 km before the break.
    assert "under 15.4 km" in variety_text(doc)


def test_a_gentle_first_run_back_is_watched_but_not_a_spike(tmp_path: Path) -> None:
    doc = run_scenario(comeback(6.0), tmp_path)
    assert evidence(doc, "repetitive_strain", "single_run_spike")["level"] == "clear"
    back = evidence(doc, "repetitive_strain", "comeback")
    assert back["level"] == "watch"
    assert "43 %" in back["text"]  # 6 km of the 14 km before the break
    assert levels(doc)["repetitive_strain"] == "watch"
    assert "under 6.6 km" in variety_text(doc)


def test_four_weeks_after_coming_back_the_comeback_is_over(tmp_path: Path) -> None:
    doc = run_scenario(comeback(6.0, days_back=28), tmp_path)
    assert evidence(doc, "repetitive_strain", "comeback")["level"] == "clear"


def test_on_a_break_the_first_runs_back_are_capped_from_before_it(
    tmp_path: Path,
) -> None:
    doc = run_scenario(on_a_break(), tmp_path)
    back = evidence(doc, "repetitive_strain", "comeback")
    # Nothing to judge until the first run back: not assessed, never "clear".
    assert back["level"] == "not_assessed"
    assert f"No run for {(AS_OF - BREAK_FROM).days} days" in back["text"]
    text = variety_text(doc)
    assert "under 15.4 km" in text and "break" in text


# --- red flags that rule out running ----------------------------------------------


@pytest.mark.parametrize("flag", ["focal_bone_pain", "cannot_bear_weight"])
def test_bone_pain_or_no_weight_bearing_leaves_only_the_physician(
    tmp_path: Path, flag: str
) -> None:
    doc = run_scenario(red_flag_stops_running(flag), tmp_path)
    assert doc["red_flags"] == [flag]
    assert doc["plan"]["mfr_cadence"] == "refer_first"
    assert [a["kind"] for a in doc["plan"]["actions"]] == ["see_physician", "mfr"]
    assert "do not run" in doc["plan"]["actions"][0]["text"]


def test_pinpoint_pain_written_in_the_diary_stops_running_too(tmp_path: Path) -> None:
    doc = run_scenario(pinpoint_pain_in_the_diary(), tmp_path)
    assert doc["red_flags"] == ["focal_bone_pain"]
    kinds = {a["kind"] for a in doc["plan"]["actions"]}
    assert kinds == {"see_physician", "mfr"}


# --- recovery: rest days ----------------------------------------------------------


def test_eighteen_days_without_rest_bring_two_rest_days_and_mfr_on_them(
    tmp_path: Path,
) -> None:
    doc = run_scenario(no_rest_days(), tmp_path)
    assert evidence(doc, "under_recovery", "consecutive_days")["level"] == "flag"
    (rest,) = actions(doc, "rest")
    assert rest["text"].startswith("Take 2 full rest days")
    assert "18" in rest["why"]
    assert "rest days" in mfr_reason(doc)


def test_a_runner_with_rest_days_gets_no_rest_action(tmp_path: Path) -> None:
    doc = run_scenario(half_marathon(), tmp_path, on=AS_OF + timedelta(days=1))
    assert actions(doc, "rest") == []
    assert "rest days" not in mfr_reason(doc)


# --- habits: not logged is unknown ------------------------------------------------


def test_one_stretch_entry_in_september_does_not_make_later_runs_skipped(
    tmp_path: Path,
) -> None:
    doc = run_scenario(stretch_logged_once(), tmp_path)
    habits = evidence(doc, "under_recovery", "habits_skipped")
    assert habits["level"] == "clear"
    assert habits["value"] == 0  # warm-ups logged and done on every run day
    assert "stretching" not in habits["text"]


def test_habits_never_logged_are_not_judged(tmp_path: Path) -> None:
    doc = run_scenario(nothing_logged_about_habits(), tmp_path)
    habits = evidence(doc, "under_recovery", "habits_skipped")
    assert habits["value"] is None
    assert habits["level"] != "watch"


# --- stretching aimed at the chain ------------------------------------------------


def test_the_plan_names_the_chain_regions_stretching_has_not_reached(
    tmp_path: Path,
) -> None:
    doc = run_scenario(stretching_only_the_calves(), tmp_path)
    (stretch,) = actions(doc, "stretch")
    aimed = stretch["targets"]
    assert "calf" in aimed and len(aimed) > 1
    missed = stretch["text"].split("has not reached:")[1]
    for region in aimed:
        assert (region.replace("_", " ") in missed) == (region != "calf")


def test_stretching_without_regions_says_nothing_about_reach(tmp_path: Path) -> None:
    doc = run_scenario(aches_on_both_feet(), tmp_path)
    (stretch,) = actions(doc, "stretch")
    assert "reached" not in stretch["text"] + stretch["why"]


# --- shoes: never a pair past its limit -------------------------------------------


def test_rotation_never_names_a_spare_pair_past_its_limit(tmp_path: Path) -> None:
    doc = run_scenario(spare_pair_worn_out(), tmp_path)
    shoes = actions(doc, "shoes")
    assert shoes
    assert all("Pegasus 38" not in a["text"] for a in shoes)
    assert all("old" not in a["targets"] for a in shoes)
    assert any("Add a second pair" in a["text"] for a in shoes)


# --- the chain: each link explained by its own side ----------------------------------


def test_chain_reasons_name_only_aches_on_the_links_own_side(tmp_path: Path) -> None:
    doc = run_scenario(aches_on_both_feet(), tmp_path)
    sides = {link["side"] for link in doc["chain"]}
    assert {"left", "right"} <= sides
    for link in doc["chain"]:
        aches = [r for r in link["reasons"] if " ache up to " in r]
        assert aches, link
        if link["side"] != "both":
            assert all(r.startswith(link["side"] + " ") for r in aches), link
