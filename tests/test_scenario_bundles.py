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
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stridelight.cli import app
from stridelight.core.results import CAUSE_IDS
from stridelight.importers.bundle import read_bundle, write_bundle
from tests.bundles import (
    Run,
    RunnerSpec,
    ache,
    checkin,
    habit,
    paced,
    screening,
    session,
    write_runner_bundle,
)

cli = CliRunner()

AS_OF = date(2025, 11, 16)  # a Sunday; the history crosses the end of DST (Nov 2)
BODY_MASS_KG = 61.0
RUNNER = {
    "sex": "female", "birth_year": 1991, "body_mass_kg": BODY_MASS_KG,
    "max_hr": 189, "rest_hr": 52, "time_zone": "America/New_York",
}  # fmt: skip
SHOES = (
    {"id": "pegasus", "name": "Nike Pegasus 40", "category": "road",
     "started_on": "2025-05-03", "start_km": 180, "limit_km": 700},
    {"id": "ghost", "name": "Brooks Ghost 16", "category": "road",
     "started_on": "2025-07-19", "start_km": 40, "limit_km": 700},
)  # fmt: skip
#: The four-week cycle: km of the Tuesday easy run, the Thursday tempo, the
#: Saturday recovery run and the Sunday long run; the fourth week is lighter.
CYCLE = (
    (7.0, 9.0, 5.0, 12.0),
    (7.5, 9.5, 5.0, 13.0),
    (8.0, 10.0, 5.5, 14.0),
    (6.0, 8.0, 5.0, 11.0),
)
#: Tempo: warm up, twenty minutes at threshold, cool down.
TEMPO_HR = (128, 146, 166, 170, 171, 150, 140)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def mondays(weeks: int, as_of: date) -> list[date]:
    """The Mondays of the ``weeks`` weeks ending on ``as_of`` (a Sunday)."""
    first = as_of - timedelta(days=7 * weeks - 1)
    return [first + timedelta(days=7 * w) for w in range(weeks)]


def cycle_week(monday: date, week: int, pairs: tuple[str, ...]) -> list[Run]:
    """Four runs: after work on weekdays, in the morning at the weekend."""
    easy, tempo, recovery, long = CYCLE[week % 4]
    days = [monday + timedelta(days=d) for d in (1, 3, 5, 6)]
    shoe = [pairs[(week + i) % len(pairs)] for i in range(4)]
    return [
        paced(at(days[0], 19, 15), easy, 5.85, hr=146.0, shoe=shoe[0], cadence=168,
              fmt="fit"),
        paced(at(days[1], 19, 15), tempo, 5.2, hr=TEMPO_HR, shoe=shoe[1],
              place="park", cadence=178, rpe=6, fmt="fit"),
        paced(at(days[2], 8, 0), recovery, 6.35, hr=136.0, shoe=shoe[2],
              place="river", cadence=164),
        paced(at(days[3], 8, 30), long, 6.05, hr=149.0, shoe=shoe[3], cadence=170,
              fmt="gpx.gz"),
    ]  # fmt: skip


def base_runs(
    weeks: int, as_of: date, pairs: tuple[str, ...] = ("pegasus", "ghost")
) -> list[Run]:
    return [
        run
        for week, monday in enumerate(mondays(weeks, as_of))
        for run in cycle_week(monday, week, pairs)
    ]


def routine(runs: Iterable[Run], *, until: date = AS_OF) -> list[dict[str, Any]]:
    """Warm-up and stretching on run days; drinking logged over the last 4 weeks."""
    minutes: dict[date, float] = {}
    for run in runs:
        minutes[run.when.date()] = minutes.get(run.when.date(), 0.0) + run.minutes
    out = []
    for day in sorted(minutes):
        out += [habit(day, "warmup", minutes=5), habit(day, "stretch", minutes=6)]
    for n in range(28):
        day = until - timedelta(days=n)
        # 30 mL/kg plus 0.6 L per hour run, and a little more.
        need = 0.03 * BODY_MASS_KG + 0.6 * minutes.get(day, 0) / 60
        out.append(habit(day, "hydration", liters=round(need + 0.4, 1)))
    return out


def normal_screenings(day: date) -> list[dict[str, Any]]:
    return [
        screening(day, "knee_to_wall_cm", "left", 11.5),
        screening(day, "knee_to_wall_cm", "right", 12.0),
        screening(day, "ankle_df_deg", "both", 14.0),
        screening(day, "slr_deg", "both", 86.0),
        screening(day, "thomas", "both", -8.0),
        screening(day, "heel_raise_reps", "both", 29.0),
    ]


def occasional_aches(runs: list[Run]) -> list[dict[str, Any]]:
    """A mild tight heel after every third long run: normal for a runner."""
    longs = [r for r in runs if r.when.weekday() == 6][::3]
    return [
        ache(r.when + timedelta(hours=4), "heel", 2, "after_run", "tightness")
        for r in longs
    ]


CALF_1 = ("calf", "left", 1)  # a mild restriction found at the Discovery Visit


def healthy(
    *, weeks: int = 12, as_of: date = AS_OF, runs: list[Run] | None = None
) -> RunnerSpec:
    runs = base_runs(weeks, as_of) if runs is None else runs
    sundays = [as_of - timedelta(days=7 * n) for n in range(weeks)]
    return RunnerSpec(
        runner=RUNNER,
        shoes=SHOES,
        runs=runs,
        aches=occasional_aches(runs),
        habits=routine(runs, until=as_of),
        screenings=normal_screenings(as_of - timedelta(days=45)),
        sessions=[session(as_of - timedelta(days=30), "discovery", CALF_1)],
        checkins=[checkin(d) for d in sorted(sundays)],
    )


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


# --- the scenarios, as bundles ----------------------------------------------------


def half_marathon() -> RunnerSpec:
    """The taper week's long run becomes a 21.1 km race; the longest run of the
    previous 30 days was 14 km: 151 %, Frandsen's moderate tier."""
    race = paced(at(AS_OF, 7, 30), 21.1, 5.55, hr=171.0, shoe="ghost", rpe=9,
                 place="track", cadence=176)  # fmt: skip
    base = healthy(runs=[*base_runs(12, AS_OF)[:-1], race])
    sore = ache(at(AS_OF, 13), "arch", 3, "after_run", "aching", side="both")
    return dataclasses.replace(base, aches=[*base.aches, sore])


def same_loop() -> RunnerSpec:
    """The last four weeks: the same 7 km loop from home at the same pace and
    effort, six days a week, Monday off."""
    runs = base_runs(8, AS_OF - timedelta(days=28))
    for monday in mondays(4, AS_OF):
        for d in range(1, 7):
            day = monday + timedelta(days=d)
            shoe = ("pegasus", "ghost")[d % 2]
            runs.append(paced(at(day, 8 if d >= 5 else 19), 7.0, 5.75, hr=150.0,
                              shoe=shoe, rpe=4))  # fmt: skip
    return healthy(runs=runs)


def one_worn_pair() -> RunnerSpec:
    """Every run of twelve weeks in one pair that started at 250 km: 656 km of
    700 (94 %) and 100 % of the month's runs in it; the old pair is retired."""
    shoes = (
        {"id": "pegasus", "name": "Nike Pegasus 40", "category": "road",
         "started_on": "2025-03-01", "start_km": 250},
        {"id": "old", "name": "Nike Pegasus 38", "category": "road",
         "started_on": "2024-04-01", "retired_on": "2025-03-01", "start_km": 820},
    )  # fmt: skip
    runs = base_runs(12, AS_OF, pairs=("pegasus",))
    return dataclasses.replace(healthy(runs=runs), shoes=shoes)


def tight_chain(*, therapist: bool = True, aches: bool = True) -> RunnerSpec:
    """Knee-to-wall down 3 cm on the left and under 9 cm, straight-leg raise 68°,
    17 heel raises; the therapist found the left calf and hamstrings restricted;
    heel and calf ache after runs (the superficial back line)."""
    base = healthy()
    day = AS_OF - timedelta(days=9)
    first = AS_OF - timedelta(days=200)
    tests = [
        screening(first, "knee_to_wall_cm", "left", 10.5),
        screening(first, "knee_to_wall_cm", "right", 10.8),
        screening(day, "knee_to_wall_cm", "left", 7.5),
        screening(day, "knee_to_wall_cm", "right", 10.2),
        screening(day, "ankle_df_deg", "both", 13.0),
        screening(day, "slr_deg", "left", 68.0),
        screening(day, "slr_deg", "right", 74.0),
        screening(day, "thomas", "both", -6.0),
        screening(day, "heel_raise_reps", "left", 17.0),
        screening(day, "heel_raise_reps", "right", 23.0),
    ]
    sore = [
        ache(r.when + timedelta(hours=2), region, 4, "after_run", "tightness")
        for r in base.runs[-12:]
        for region in ("heel", "calf")
    ]
    found = session(day, "mfr", ("calf", "left", 3), ("hamstrings", "left", 2))
    return dataclasses.replace(
        base,
        screenings=tests,
        sessions=[*base.sessions, *([found] if therapist else [])],
        aches=[*base.aches, *(sore if aches else [])],
    )


def no_rest_days() -> RunnerSpec:
    """From Friday 31 October she adds a 5 km run-commute on every rest day: with
    Thursday's tempo, 18 days in a row; stretching and warm-up dropped, drinking
    short, and the first steps of the morning hurt more each week."""
    commute_from = date(2025, 10, 31)
    extra = [
        paced(at(day, 7), 5.0, 6.0, hr=142.0, shoe="ghost", place="river", rpe=3)
        for n in range((AS_OF - commute_from).days + 1)
        if (day := commute_from + timedelta(days=n)).weekday() in (0, 2, 4)
    ]
    runs = sorted([*base_runs(12, AS_OF), *extra], key=lambda r: r.when)
    base = healthy(runs=runs)
    last14 = AS_OF - timedelta(days=13)
    habits = [h for h in base.habits if h["date"] < last14]
    for day in sorted({r.when.date() for r in runs if r.when.date() >= last14}):
        habits += [habit(day, "warmup", minutes=0), habit(day, "stretch", minutes=0),
                   habit(day, "hydration", liters=1.6)]  # fmt: skip
    week_before = [date(2025, 11, d) for d in (4, 6, 8)]
    last_week = [date(2025, 11, d) for d in (10, 12, 14, 16)]
    mornings = [
        ache(at(d, 6, 40), "arch", i, "next_morning", "stiffness", side="right")
        for d, i in [
            *zip(week_before, (2, 2, 2), strict=True),
            *zip(last_week, (4, 5, 5, 6), strict=True),
        ]
    ]
    return dataclasses.replace(base, habits=habits, aches=[*base.aches, *mornings])


def night_pain() -> RunnerSpec:
    """A healthy runner who wrote down a foot ache at rest at 2:40 a.m., then
    answered no to every red-flag question two days later."""
    base = healthy()
    night = ache(at(AS_OF - timedelta(days=2), 2, 40), "top_of_foot", 5, "at_rest",
                 "aching", side="right")  # fmt: skip
    return dataclasses.replace(
        base, aches=[*base.aches, night], checkins=[*base.checkins[:-1], checkin(AS_OF)]
    )


def numbness() -> RunnerSpec:
    base = healthy()
    return dataclasses.replace(
        base, checkins=[*base.checkins[:-1], checkin(AS_OF, "numbness_tingling")]
    )


BUILD_AS_OF = AS_OF + timedelta(days=28)
#: Build weeks: Tuesday easy, a new Wednesday run, Thursday tempo, Saturday
#: recovery, Sunday long (1 km more each week: 7 %, 7 %, 6 %, 6 %, never > 10 %).
BUILD = (
    (8.0, 6.0, 10.0, 6.0, 15.0),
    (8.5, 6.5, 10.5, 6.0, 16.0),
    (9.0, 7.0, 11.0, 6.5, 17.0),
    (9.5, 7.0, 12.0, 6.5, 18.0),
)


def marathon_build() -> RunnerSpec:
    """Twelve weeks of the usual cycle, then four build weeks of five runs."""
    runs = base_runs(12, AS_OF)
    for week, monday in enumerate(mondays(4, BUILD_AS_OF)):
        easy, wednesday, tempo, recovery, long = BUILD[week]
        a, b = ("pegasus", "ghost")[:: 1 if week % 2 else -1]
        day = [monday + timedelta(days=d) for d in range(7)]
        runs += [
            paced(at(day[1], 19, 15), easy, 5.8, hr=147.0, shoe=a, cadence=168,
                  fmt="fit"),
            paced(at(day[2], 7, 0), wednesday, 6.2, hr=139.0, shoe=b, place="river",
                  cadence=164),
            paced(at(day[3], 19, 15), tempo, 5.1, hr=TEMPO_HR, shoe=a, place="park",
                  cadence=178, rpe=7, fmt="fit.gz"),
            paced(at(day[5], 8, 0), recovery, 6.3, hr=137.0, shoe=b, place="river",
                  cadence=164),
            paced(at(day[6], 8, 0), long, 6.0, hr=150.0, shoe=a, cadence=170,
                  fmt="gpx.gz"),
        ]  # fmt: skip
    return healthy(weeks=16, as_of=BUILD_AS_OF, runs=runs)


ALL_CLEAR = dict.fromkeys(CAUSE_IDS, "clear")


def only(**flagged: str) -> dict[str, str]:
    return {**ALL_CLEAR, **flagged}


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
    variety = next(a for a in doc["plan"]["actions"] if a["kind"] == "variety")
    assert "23.2 km" in variety["text"]  # 110 % of the new longest, 21.1 km


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
    assert result.stderr.startswith(f"warning: skipped {broken.file}: ")
    assert reason in result.stderr
    assert result.stderr.count("\n") == 1
    doc = json.loads(result.stdout)
    # Exactly as if the runner had never recorded that run.
    without = dataclasses.replace(spec, runs=[r for r in spec.runs if r != broken])
    assert doc == run_scenario(without, tmp_path)
    assert "47 from heart rate (TRIMP)" in " ".join(doc["notes"])
