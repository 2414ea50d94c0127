"""End to end: real runner bundles through `stridelight analyze --json`.

Each scenario is a runner a clinic would meet, written from the domain rules
(DESIGN §1, docs/evidence.md) rather than from the code: twelve to sixteen weeks
of three to six runs a week, recorded as a watch and a service leave them (FIT,
GPX and gzipped GPX, with heart rate and cadence), plus a diary.  Every scenario
starts from the same healthy city runner (four varied runs a week on four-week
cycles, two road pairs in rotation, warm-up and stretching logged, normal
screenings, weekly check-ins) and changes only what its story is about.  The
bundles are written to disk and read back by the command line, so decoding,
local days, loads and the rules all take part.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stridelight.cli import app
from stridelight.core.vocabulary import CAUSE_IDS
from stridelight.importers.bundle import read_bundle, write_bundle
from tests.bundles import (
    RunnerSpec,
    paced,
    write_runner_bundle,
)
from tests.scenario_runners import (
    ALL_CLEAR,
    AS_OF,
    BUILD_AS_OF,
    RUNNER,
    half_marathon,
    healthy,
    marathon_build,
    night_pain,
    no_rest_days,
    numbness,
    one_worn_pair,
    only,
    same_loop,
    tight_chain,
)

cli = CliRunner()

# --- running the command line -------------------------------------------------------


def analyze(bundle: Path, on: date) -> dict[str, Any]:
    result = cli.invoke(app, ["analyze", str(bundle), "--json", "--on", on.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    assert [c["id"] for c in doc["causes"]] == list(CAUSE_IDS)
    return doc


def run_scenario(spec: RunnerSpec, tmp_path: Path, on: date = AS_OF) -> dict[str, Any]:
    return analyze(write_runner_bundle(spec, tmp_path / "bundle"), on)


def levels(doc: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["level"] for c in doc["causes"]}


def evidence(doc: dict[str, Any], cause: str, name: str) -> dict[str, Any]:
    found = next(c for c in doc["causes"] if c["id"] == cause)
    matches: list[dict[str, Any]] = [
        e for e in found["evidence"] if e["signal"] == name
    ]
    assert len(matches) == 1, [e["signal"] for e in found["evidence"]]
    return matches[0]


def signal_levels(doc: dict[str, Any], cause: str) -> dict[str, str]:
    found = next(c for c in doc["causes"] if c["id"] == cause)
    return {e["signal"]: e["level"] for e in found["evidence"]}


def mfr_reason(doc: dict[str, Any]) -> str:
    action = next(a for a in doc["plan"]["actions"] if a["kind"] == "mfr")
    return str(action["why"])


# --- what the rules say about each -------------------------------------------------


def test_a_healthy_runner_is_all_clear_and_monthly(tmp_path: Path) -> None:
    doc = run_scenario(healthy(), tmp_path)
    assert doc["red_flags"] == []
    assert levels(doc) == ALL_CLEAR
    for cause in CAUSE_IDS:
        assert set(signal_levels(doc, cause).values()) == {"clear"}
    assert doc["plan"]["mfr_cadence"] == "monthly"
    assert mfr_reason(doc).startswith("Maintenance")
    # Twelve weeks of four runs, every one decoded, its load from heart rate.
    assert "48 from heart rate (TRIMP)" in " ".join(doc["notes"])
    shoes = {s["id"]: s for s in doc["shoes"]}
    assert shoes["pegasus"]["runs_28d"] == shoes["ghost"]["runs_28d"] == 8


def test_a_half_marathon_after_a_month_of_14_km_runs_flags_repetitive_strain(
    tmp_path: Path,
) -> None:
    doc = run_scenario(half_marathon(), tmp_path, on=AS_OF + timedelta(days=1))
    assert levels(doc) == only(repetitive_strain="flag")
    spike = evidence(doc, "repetitive_strain", "single_run_spike")
    assert spike["level"] == "flag"
    assert spike["value"] == pytest.approx(150.7, abs=0.05)  # 21.1 / 14 km
    assert "moderate spike" in spike["text"]
    assert (
        evidence(doc, "repetitive_strain", "distance_progression")["level"] == "clear"
    )
    # Flagged while the month's load is at or above the runner's median: weekly.
    assert doc["plan"]["mfr_cadence"] == "weekly"
    assert "repetitive strain flagged" in mfr_reason(doc)
    # The race is a spike, not the new baseline: the cap is 110 % of 14 km.
    variety = next(a for a in doc["plan"]["actions"] if a["kind"] == "variety")
    assert "under 15.4 km" in variety["text"]


@pytest.mark.parametrize(
    ("km", "level"), [(15.4, "clear"), (15.5, "flag")], ids=["at-cap", "over-cap"]
)
def test_a_long_run_at_the_plans_cap_is_not_a_spike(
    tmp_path: Path, km: float, level: str
) -> None:
    """The plan caps a run at 110 % of the month's longest (14 km: 15.4 km); a
    watch workout stops at exactly that distance.  Only a longer run is a spike."""
    base = healthy()
    last = base.runs[-1]
    capped = paced(last.when, km, 6.05, hr=149.0, shoe=last.shoe, fmt="fit")
    doc = run_scenario(
        dataclasses.replace(base, runs=[*base.runs[:-1], capped]), tmp_path
    )
    spike = evidence(doc, "repetitive_strain", "single_run_spike")
    assert spike["level"] == level
    assert levels(doc)["repetitive_strain"] == level


def test_the_same_loop_six_days_a_week_flags_monotony(tmp_path: Path) -> None:
    doc = run_scenario(same_loop(), tmp_path)
    assert levels(doc) == only(repetitive_strain="flag")
    # Six equal days and one rest day: mean / SD = (6/7) / √(6/49) ≈ 2.45.
    monotony = evidence(doc, "repetitive_strain", "monotony")
    assert monotony["level"] == "flag"
    assert monotony["value"] == pytest.approx(2.45, abs=0.2)
    variety = evidence(doc, "repetitive_strain", "training_variety")
    assert variety["level"] == "watch"
    assert "top route 100 %" in variety["value"]
    # Six days in a row is one short of the streak rule.
    assert evidence(doc, "under_recovery", "consecutive_days")["value"] == 6
    # 42 km a week against about 34 before: heavy by the ratio itself.
    assert doc["plan"]["mfr_cadence"] == "weekly"
    assert mfr_reason(doc).startswith("Heavy training: your last 28 days")


def test_one_worn_pair_never_rotated_flags_footwear(tmp_path: Path) -> None:
    doc = run_scenario(one_worn_pair(), tmp_path)
    assert levels(doc) == only(footwear="flag")
    wear = evidence(doc, "footwear", "shoe_distance")
    assert (wear["level"], round(wear["value"])) == ("watch", 656)
    # Two signals on the same pair: one pair only, and that pair worn.
    rotation = evidence(doc, "footwear", "shoe_rotation")
    assert (rotation["level"], rotation["value"]) == ("flag", 100.0)
    assert doc["plan"]["mfr_cadence"] == "monthly"
    shoe_texts = [a["text"] for a in doc["plan"]["actions"] if a["kind"] == "shoes"]
    assert any("second pair" in t for t in shoe_texts), shoe_texts


def test_restrictions_up_the_back_line_flag_tight_chain(tmp_path: Path) -> None:
    doc = run_scenario(tight_chain(), tmp_path)
    assert levels(doc) == only(tight_chain="flag")
    assert signal_levels(doc, "tight_chain") == {
        "knee_to_wall": "watch",  # 7.5 against 10.2 cm, 3 cm down, under 9 cm
        "ankle_dorsiflexion": "clear",
        "straight_leg_raise": "watch",  # 68°
        "thomas_test": "clear",
        "heel_raises": "watch",  # 17
        "therapist_findings": "flag",  # calf 3/3, hamstrings 2/3
        "step_length": "clear",
        "ache_line": "watch",  # heel and calf
    }
    assert evidence(doc, "tight_chain", "therapist_findings")["value"] == 3
    assert doc["chain"][0]["line"] == "superficial_back_line"
    assert doc["plan"]["mfr_cadence"] == "monthly"
    stretch = next(a for a in doc["plan"]["actions"] if a["kind"] == "stretch")
    assert "calf" in stretch["targets"]


def test_three_screenings_below_norm_converge_to_a_flag(tmp_path: Path) -> None:
    """No therapist visit, no aches: three weaker signals pointing one way."""
    doc = run_scenario(tight_chain(therapist=False, aches=False), tmp_path)
    assert levels(doc) == only(tight_chain="flag")
    watching = [
        s for s, lv in signal_levels(doc, "tight_chain").items() if lv != "clear"
    ]
    assert sorted(watching) == ["heel_raises", "knee_to_wall", "straight_leg_raise"]
    assert {evidence(doc, "tight_chain", s)["level"] for s in watching} == {"watch"}


def test_no_rest_day_for_two_weeks_flags_under_recovery(tmp_path: Path) -> None:
    doc = run_scenario(no_rest_days(), tmp_path)
    # No rest day also makes the days alike: Foster monotony over 2 [foster1998].
    assert levels(doc) == only(under_recovery="flag", repetitive_strain="flag")
    assert evidence(doc, "repetitive_strain", "monotony")["level"] == "flag"
    streak = evidence(doc, "under_recovery", "consecutive_days")
    assert (streak["level"], streak["value"]) == ("flag", 18)
    morning = evidence(doc, "under_recovery", "morning_ache")
    assert (morning["level"], morning["value"]) == ("flag", 3.0)  # 5.0 against 2.0
    assert evidence(doc, "under_recovery", "habits_skipped")["level"] == "watch"
    assert evidence(doc, "under_recovery", "hydration")["level"] == "watch"
    assert doc["plan"]["mfr_cadence"] == "weekly"


def test_night_pain_in_the_diary_refers_first_despite_a_later_no(
    tmp_path: Path,
) -> None:
    doc = run_scenario(night_pain(), tmp_path)
    assert doc["red_flags"] == ["night_pain"]
    assert doc["plan"]["mfr_cadence"] == "refer_first"
    actions = doc["plan"]["actions"]
    assert [a["kind"] for a in actions[:2]] == ["see_physician", "mfr"]
    assert "paused" in actions[1]["text"]
    # Red flags come first; the causes are still reported as the rules find them.
    assert levels(doc) == ALL_CLEAR


def test_numbness_on_the_check_in_refers_first(tmp_path: Path) -> None:
    doc = run_scenario(numbness(), tmp_path)
    assert doc["red_flags"] == ["numbness_tingling"]
    assert doc["plan"]["mfr_cadence"] == "refer_first"
    assert doc["plan"]["actions"][0]["kind"] == "see_physician"
    exercise = [
        a
        for a in doc["plan"]["actions"]
        if a["kind"] in ("stretch", "strength", "warmup", "variety")
    ]
    assert exercise
    assert all(
        a["text"].startswith("Once a physician has cleared you") for a in exercise
    )


def test_a_gradual_marathon_build_is_heavy_training_weekly(tmp_path: Path) -> None:
    doc = run_scenario(marathon_build(), tmp_path, on=BUILD_AS_OF)
    assert levels(doc) == ALL_CLEAR
    assert doc["plan"]["mfr_cadence"] == "weekly"
    assert mfr_reason(doc).startswith("Heavy training: your last 28 days")
    assert "68 from heart rate (TRIMP)" in " ".join(doc["notes"])
    assert evidence(doc, "repetitive_strain", "single_run_spike")["level"] == "clear"
    assert (
        evidence(doc, "repetitive_strain", "distance_progression")["level"] == "clear"
    )


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Los_Angeles"])
def test_days_are_the_runners_own_wherever_she_lives(tmp_path: Path, zone: str) -> None:
    """The same wall-clock diary in another zone: 07:00 in Tokyo is the day before
    in UTC, 19:15 in Los Angeles the day after; streaks and mornings stay put."""
    spec = no_rest_days()
    doc = run_scenario(
        dataclasses.replace(spec, runner={**RUNNER, "time_zone": zone}), tmp_path
    )
    assert levels(doc) == only(under_recovery="flag", repetitive_strain="flag")
    assert evidence(doc, "under_recovery", "consecutive_days")["value"] == 18
    assert evidence(doc, "under_recovery", "morning_ache")["value"] == 3.0


@pytest.mark.parametrize(
    ("scenario", "on", "cadence"),
    [(healthy, AS_OF, "monthly"), (marathon_build, BUILD_AS_OF, "weekly")],
)
@pytest.mark.parametrize(
    ("rated", "source"),
    [(True, "your effort rating (session-RPE)"), (False, "duration and pace")],
)
def test_without_a_heart_rate_strap_the_verdict_holds(
    tmp_path: Path,
    scenario: Callable[[], RunnerSpec],
    on: date,
    cadence: str,
    rated: bool,
    source: str,
) -> None:
    """Load from session-RPE, or from duration and pace when nothing is rated."""
    spec = scenario()
    runs = [
        dataclasses.replace(r, hr=None, rpe=(r.rpe or 4) if rated else None)
        for r in spec.runs
    ]
    doc = run_scenario(dataclasses.replace(spec, runs=runs), tmp_path, on=on)
    assert f"from {source}" in " ".join(doc["notes"])
    assert "heart rate" not in " ".join(doc["notes"])
    assert levels(doc) == ALL_CLEAR
    assert doc["plan"]["mfr_cadence"] == cadence


# --- the bundle as a zip, and a bad file inside it ---------------------------------


def test_a_zipped_bundle_gives_the_same_answer_as_the_folder(tmp_path: Path) -> None:
    folder = write_runner_bundle(tight_chain(), tmp_path / "my-runner")
    zipped = write_bundle(read_bundle(folder), tmp_path / "export.zip")
    # What "Compress" on a Mac or Windows makes: everything inside one folder.
    compressed = shutil.make_archive(
        str(tmp_path / "compressed"), "zip", root_dir=tmp_path, base_dir="my-runner"
    )
    with zipfile.ZipFile(compressed) as archive:
        assert "my-runner/runner.json" in archive.namelist()
    expected = analyze(folder, AS_OF)
    assert levels(expected)["tight_chain"] == "flag"
    assert analyze(zipped, AS_OF) == expected
    assert analyze(Path(compressed), AS_OF) == expected


def cut_inside_first_point(data: bytes) -> bytes:
    return data[: data.index(b"<trkpt") + 40]


def damage_one_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x5A]) + data[middle + 1 :]


@pytest.mark.parametrize(
    ("fmt", "damage", "reason"),
    [
        ("gpx", cut_inside_first_point, "before any complete point"),
        ("fit", damage_one_byte, "CRC mismatch"),
    ],
)
def test_one_corrupt_activity_file_is_skipped_with_a_warning(
    tmp_path: Path, fmt: str, damage: Callable[[bytes], bytes], reason: str
) -> None:
    spec = healthy()
    broken = next(r for r in spec.runs[20:] if r.fmt == fmt)
    folder = write_runner_bundle(spec, tmp_path / "with-bad-file")
    path = folder / broken.file
    path.write_bytes(damage(path.read_bytes()))

    result = cli.invoke(app, ["analyze", str(folder), "--json", "--on", "2025-11-16"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: skipped {path}: ")  # one path to paste
    assert reason in result.stderr
    assert result.stderr.count("\n") == 1
    doc = json.loads(result.stdout)
    # Exactly as if the runner had never recorded that run.
    without = dataclasses.replace(spec, runs=[r for r in spec.runs if r != broken])
    assert doc == run_scenario(without, tmp_path)
    assert "47 from heart rate (TRIMP)" in " ".join(doc["notes"])
