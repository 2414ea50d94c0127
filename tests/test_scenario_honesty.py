"""End to end: no data is not good news (DESIGN §1, §4).

Runners whose data cannot answer every question, through `stridelight analyze`:
a phone-only runner with no journal, a runner who stopped checking in, a
year-old export analysed without a day, and the same runner looked at on an
earlier day.  Each asserts what the analysis may and may not claim: causes
without data are ``not_assessed`` with no score and say what would judge them,
unasked red-flag questions are not "none" and come first in the plan, old data is
analysed as of its newest day, and every figure counts only data up to "as of".
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from stridelight.cli import app
from tests.bundles import (
    RunnerSpec,
    activity_bytes,
    checkin,
    paced,
    write_runner_bundle,
)
from tests.conftest import REAL
from tests.scenario_runners import AS_OF, RUNNER, at, base_runs, healthy

cli = CliRunner()
WIDE = {"COLUMNS": "240"}  # one summary line per line, whatever the terminal


def run_cli(*args: str) -> Any:
    result = cli.invoke(app, ["analyze", *args], env=WIDE)
    assert result.exit_code == 0, result.output
    return result


def analyze_json(path: Path, *args: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(run_cli(str(path), "--json", *args).stdout)
    return doc


def causes(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in doc["causes"]}


def signal_levels(cause: dict[str, Any]) -> dict[str, str]:
    return {e["signal"]: e["level"] for e in cause["evidence"]}


def action_kinds(doc: dict[str, Any]) -> list[str]:
    return [a["kind"] for a in doc["plan"]["actions"]]


def bundle(spec: RunnerSpec, tmp_path: Path) -> Path:
    return write_runner_bundle(spec, tmp_path / "bundle")


# --- a phone and nothing else ---------------------------------------------------------


def phone_only_folder(tmp_path: Path) -> Path:
    """Eight weeks of runs recorded by a phone app: GPX with no heart rate, no
    cadence, no shoe, and no diary at all."""
    folder = tmp_path / "phone"
    for run in base_runs(8, AS_OF):
        phone_run = dataclasses.replace(run, hr=None, cadence=None, fmt="gpx")
        path = folder / Path(phone_run.file).name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(activity_bytes(phone_run, RunnerSpec(RUNNER).tz))
    return folder


def test_a_phone_only_runner_gets_no_verdict_on_shoes_or_the_chain(
    tmp_path: Path,
) -> None:
    doc = analyze_json(phone_only_folder(tmp_path), "--on", AS_OF.isoformat())
    found = causes(doc)
    for cause, word in (("footwear", "shoes"), ("tight_chain", "screening tests")):
        assert found[cause]["level"] == "not_assessed"
        assert found[cause]["score"] is None
        assert word in found[cause]["needs"]
        assert set(signal_levels(found[cause]).values()) == {"not_assessed"}
    # Training data alone does judge load: these keep a level and a score.
    for cause in ("repetitive_strain", "under_recovery"):
        assert found[cause]["level"] in ("clear", "watch", "flag")
        assert 0.0 <= found[cause]["score"] <= 1.0
        assert found[cause]["needs"] is None
    # The diary signals of under-recovery are listed as not assessed, not clear.
    recovery = signal_levels(found["under_recovery"])
    assert recovery["habits_skipped"] == recovery["morning_ache"] == "not_assessed"
    assert recovery["consecutive_days"] == "clear"


def test_a_phone_only_runner_is_asked_the_red_flag_questions_first(
    tmp_path: Path,
) -> None:
    folder = phone_only_folder(tmp_path)
    doc = analyze_json(folder, "--on", AS_OF.isoformat())
    assert doc["red_flags"] == []
    assert doc["red_flag_screening"] == {"answered_on": None}
    first = doc["plan"]["actions"][0]
    assert first["kind"] == "screen" and first["citation"] == "red_flags"
    assert "never answered" in first["why"]
    summary = run_cli(str(folder), "--on", AS_OF.isoformat()).stdout
    assert "not asked" in summary and "none reported" not in summary
    assert "not_assessed" in summary


# --- check-ins --------------------------------------------------------------------------


def with_last_checkin(days_before: int) -> RunnerSpec:
    """The healthy runner, whose weekly check-ins stopped ``days_before`` days ago."""
    base = healthy()
    last = AS_OF - timedelta(days=days_before)
    kept = [c for c in base.checkins if c["date"] < last]
    return dataclasses.replace(base, checkins=[*kept, checkin(last)])


def test_a_weekly_check_in_answers_the_questions(tmp_path: Path) -> None:
    doc = analyze_json(bundle(healthy(), tmp_path), "--on", AS_OF.isoformat())
    assert doc["red_flag_screening"] == {"answered_on": AS_OF.isoformat()}
    assert "screen" not in action_kinds(doc)
    assert action_kinds(doc)[0] == "mfr"


def test_a_check_in_four_weeks_old_still_stands(tmp_path: Path) -> None:
    doc = analyze_json(bundle(with_last_checkin(28), tmp_path), "--on", str(AS_OF))
    answered = (AS_OF - timedelta(days=28)).isoformat()
    assert doc["red_flag_screening"] == {"answered_on": answered}
    assert "screen" not in action_kinds(doc)


def test_questions_last_answered_two_months_ago_count_as_not_asked(
    tmp_path: Path,
) -> None:
    path = bundle(with_last_checkin(60), tmp_path)
    last = (AS_OF - timedelta(days=60)).isoformat()
    doc = analyze_json(path, "--on", AS_OF.isoformat())
    assert doc["red_flags"] == []
    assert doc["red_flag_screening"] == {"answered_on": None}
    assert action_kinds(doc)[:2] == ["screen", "mfr"]
    assert last in doc["plan"]["actions"][0]["why"]
    summary = run_cli(str(path), "--on", AS_OF.isoformat()).stdout
    red_flag_line = next(ln for ln in summary.splitlines() if "Red flags" in ln)
    assert "not asked" in red_flag_line and last in red_flag_line
    assert "none" not in red_flag_line


def test_a_years_old_yes_still_refers_first_and_is_dated(tmp_path: Path) -> None:
    """The last answer, two years ago, was "numbness": it stands until a newer
    "no", is shown with its date, and the questions are asked again."""
    old = AS_OF - timedelta(days=730)
    spec = dataclasses.replace(healthy(), checkins=[checkin(old, "numbness_tingling")])
    path = bundle(spec, tmp_path)
    doc = analyze_json(path, "--on", AS_OF.isoformat())
    assert doc["red_flags"] == ["numbness_tingling"]
    assert doc["red_flag_screening"] == {"answered_on": None}
    assert action_kinds(doc)[:2] == ["see_physician", "screen"]
    summary = run_cli(str(path), "--on", AS_OF.isoformat()).stdout
    assert f"check-in of {old.isoformat()}" in summary


# --- a cause judged in part ---------------------------------------------------------------


def test_a_cause_judged_in_part_keeps_its_level_and_lists_the_rest(
    tmp_path: Path,
) -> None:
    """No screening tests, no therapist and no aches: only step length (from the
    watch's cadence) speaks for the tight chain."""
    spec = dataclasses.replace(healthy(), screenings=[], sessions=[], aches=[])
    chain = causes(analyze_json(bundle(spec, tmp_path), "--on", str(AS_OF)))
    tight = chain["tight_chain"]
    assert signal_levels(tight) == {
        "screening": "not_assessed",
        "therapist_findings": "not_assessed",
        "step_length": "clear",
        "ache_line": "not_assessed",
    }
    assert tight["level"] == "clear" and tight["score"] is not None
    assert tight["needs"] is None


# --- old exports, and an earlier day -------------------------------------------------------


def test_an_old_export_is_analysed_as_of_its_newest_day_with_a_notice(
    tmp_path: Path,
) -> None:
    """The healthy runner's bundle, opened long after 16 Nov 2025 without --on."""
    path = bundle(healthy(), tmp_path)
    result = run_cli(str(path), "--json")
    doc = json.loads(result.stdout)
    assert doc["as_of"] == AS_OF.isoformat()
    assert result.stderr.startswith("notice: The newest data is from 2025-11-16")
    assert doc == analyze_json(path, "--on", AS_OF.isoformat()) | {
        "notes": doc["notes"]
    }
    assert any("newest data is from 2025-11-16" in n for n in doc["notes"])
    report = tmp_path / "report.html"
    run_cli(str(path), "--report", str(report))
    header = report.read_text().split("</header>")[0]
    assert "Analysis as of <strong>16 Nov 2025</strong>" in header
    assert "Data up to <strong>16 Nov 2025</strong>" in header
    assert "newest data is from 2025-11-16" in header


def test_the_real_strava_sample_is_no_longer_four_clear_causes() -> None:
    result = run_cli(str(REAL / "strava_export_sample.zip"), "--json")
    doc = json.loads(result.stdout)
    assert doc["as_of"] == "2025-02-19"  # its newest activity, a ride
    assert "notice:" in result.stderr
    found = causes(doc)
    assert (
        found["tight_chain"]["level"] == "not_assessed"
    )  # a Strava export has no diary
    assert found["repetitive_strain"]["level"] == "not_assessed"  # no run that week
    assert {c["score"] for c in doc["causes"] if c["level"] == "not_assessed"} == {None}
    assert action_kinds(doc)[0] == "screen"


def later_pair() -> RunnerSpec:
    """The healthy runner buys a third pair ten days before AS_OF and runs in it."""
    base = healthy()
    started = AS_OF - timedelta(days=10)
    pair = {"id": "novablast", "name": "ASICS Novablast 4", "category": "road",
            "started_on": started.isoformat(), "start_km": 0}  # fmt: skip
    runs = [
        dataclasses.replace(r, shoe="novablast") if r.when.date() >= started else r
        for r in base.runs
    ]
    return dataclasses.replace(base, shoes=[*base.shoes, pair], runs=runs)


def test_an_earlier_day_counts_only_the_data_up_to_that_day(tmp_path: Path) -> None:
    spec = later_pair()
    path = bundle(spec, tmp_path)
    on = AS_OF - timedelta(days=14)
    until = [r for r in spec.runs if r.when.date() <= on]
    doc = analyze_json(path, "--on", on.isoformat())
    shoes = {s["id"]: s for s in doc["shoes"]}
    assert "novablast" not in shoes  # bought after that day
    pegasus = [r.km for r in until if r.shoe == "pegasus"]
    assert shoes["pegasus"]["km"] == round(180 + sum(pegasus), 1)
    summary = run_cli(str(path), "--on", on.isoformat()).stdout
    assert f"{len(until)} runs, {sum(r.km for r in until):.0f} km" in summary
    assert f"{len(spec.runs)} runs" not in summary


def test_the_body_map_of_an_earlier_day_leaves_out_later_aches(tmp_path: Path) -> None:
    base = healthy()
    late = {"at": at(AS_OF - timedelta(days=2), 18), "region": "shin", "side": "right",
            "intensity": 6, "timing": "after_run", "quality": ["aching"]}  # fmt: skip
    path = bundle(dataclasses.replace(base, aches=[*base.aches, late]), tmp_path)
    report = tmp_path / "earlier.html"
    on = (AS_OF - timedelta(days=7)).isoformat()
    listed = "Shin (right): <strong>6.0</strong>"  # the body map's list of aches
    run_cli(str(path), "--on", on, "--report", str(report))
    assert listed not in report.read_text()
    run_cli(str(path), "--on", AS_OF.isoformat(), "--report", str(report))
    assert listed in report.read_text()


def test_without_a_day_recent_data_is_analysed_as_of_today(tmp_path: Path) -> None:
    """Runs up to yesterday: no notice, and as of today (in the runner's zone)."""
    today = datetime.now(UTC).date()
    runs = [paced(at(today - timedelta(days=d), 7), 8.0, 6.0) for d in (9, 6, 3, 1)]
    path = bundle(RunnerSpec(RUNNER | {"time_zone": "UTC"}, runs=runs), tmp_path)
    result = run_cli(str(path), "--json")
    assert result.stderr == ""
    assert json.loads(result.stdout)["as_of"] in (
        today.isoformat(),
        (today + timedelta(days=1)).isoformat(),  # the clock passed midnight
    )
