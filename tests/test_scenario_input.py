"""End to end: what the runner wrote, read as they meant it (real bundles, `analyze`).

The same healthy city runner as tests/test_scenario_bundles.py, with one story
each: a red flag written in a note, one only suggested (asked, not decided), a
body mass typed in pounds, a retired pair still logged, shoe kinds written in
two cases.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from stridelight.cli import app
from tests.bundles import Run, RunnerSpec, ache, checkin, write_runner_bundle
from tests.scenario_runners import (
    ALL_CLEAR,
    AS_OF,
    RUNNER,
    SHOES,
    at,
    base_runs,
    healthy,
)
from tests.test_scenario_bundles import evidence, levels, run_scenario

cli = CliRunner()


def with_note(
    base: RunnerSpec, note: str, *, days_ago: int = 2, answered: bool = False
) -> RunnerSpec:
    """An ache whose note says it; the last check-in a week before, or on as-of."""
    sore = ache(at(AS_OF - timedelta(days=days_ago), 20), "top_of_foot", 4,
                "after_run", "aching", side="right")  # fmt: skip
    checkins = [*base.checkins[:-1], *([checkin(AS_OF)] if answered else [])]
    return dataclasses.replace(
        base, aches=[*base.aches, {**sore, "notes": note}], checkins=checkins
    )


def kinds(doc: dict[str, Any]) -> list[str]:
    return [a["kind"] for a in doc["plan"]["actions"]]


def test_a_red_flag_written_in_an_ache_note_refers_first(tmp_path: Path) -> None:
    spec = with_note(healthy(), "Couldn't put any weight on it after the run.")
    doc = run_scenario(spec, tmp_path)
    assert doc["red_flags"] == ["cannot_bear_weight"]
    assert doc["ask"] == []
    assert doc["plan"]["mfr_cadence"] == "refer_first"
    assert kinds(doc)[:2] == ["see_physician", "mfr"]


def test_a_red_flag_written_in_an_activity_note_refers_first(tmp_path: Path) -> None:
    base = healthy()
    last = base.runs[-1]
    noted = dataclasses.replace(last, notes="Pins and needles in both feet from 10 k.")
    doc = run_scenario(
        dataclasses.replace(base, runs=[*base.runs[:-1], noted]), tmp_path
    )
    assert doc["red_flags"] == ["numbness_tingling"]
    assert doc["plan"]["mfr_cadence"] == "refer_first"
    assert kinds(doc)[0] == "see_physician"


def test_a_denied_symptom_changes_nothing(tmp_path: Path) -> None:
    spec = with_note(healthy(), "No numbness, no swelling, just tired legs.")
    doc = run_scenario(spec, tmp_path)
    assert (doc["red_flags"], doc["ask"]) == ([], [])
    assert levels(doc) == ALL_CLEAR
    assert doc["plan"]["mfr_cadence"] == "monthly"


def test_a_suggested_red_flag_is_asked_first_not_decided(tmp_path: Path) -> None:
    spec = with_note(healthy(), "Top of the foot maybe a bit swollen?")
    doc = run_scenario(spec, tmp_path)
    assert doc["red_flags"] == []  # not marked present
    (question,) = doc["ask"]
    assert question["id"] == "swelling_redness_fever"
    assert question["words"] == "Top of the foot maybe a bit swollen?"
    assert str(AS_OF - timedelta(days=2)) in question["where"]
    # The plan asks it before anything else, and does not refer on a guess.
    assert doc["plan"]["mfr_cadence"] == "monthly"
    first = doc["plan"]["actions"][0]
    assert first["kind"] == "red_flag_questions"
    assert question["question"] in first["text"]
    assert first["targets"] == ["swelling_redness_fever"]
    assert levels(doc) == ALL_CLEAR


def test_a_check_in_after_the_note_has_answered_the_question(tmp_path: Path) -> None:
    spec = with_note(healthy(), "Top of the foot maybe a bit swollen?", answered=True)
    doc = run_scenario(spec, tmp_path)
    assert (doc["red_flags"], doc["ask"]) == ([], [])
    assert "red_flag_questions" not in kinds(doc)


def test_the_summary_asks_the_suggested_question(tmp_path: Path) -> None:
    spec = with_note(healthy(), "toes a bit numb?")
    folder = write_runner_bundle(spec, tmp_path / "bundle")
    result = cli.invoke(app, ["analyze", str(folder), "--on", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Ask first: Do you have numbness, tingling" in result.stdout
    assert "toes a bit numb?" in result.stdout


def test_a_body_mass_in_pounds_is_questioned_and_the_analysis_still_runs(
    tmp_path: Path,
) -> None:
    spec = dataclasses.replace(healthy(), runner={**RUNNER, "body_mass_kg": 134.5})
    folder = write_runner_bundle(spec, tmp_path / "bundle")
    result = cli.invoke(app, ["analyze", str(folder), "--json", "--on", str(AS_OF)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "warning: runner.json: runner: field 'body_mass_kg': 134.5 kg"
    )
    assert "is that pounds? 134.5 lb is 61.0 kg" in result.stderr
    assert json.loads(result.stdout)["as_of"] == AS_OF.isoformat()


def test_a_retired_pair_logged_on_a_later_run_refuses_the_bundle(
    tmp_path: Path,
) -> None:
    """The pegasus retired on 1 November; Tuesday's run on the 4th still names it."""
    shoes = [{**SHOES[0], "retired_on": "2025-11-01"}, SHOES[1]]
    runs = base_runs(12, AS_OF)
    late: Run = next(
        r
        for r in runs
        if r.shoe == "pegasus" and r.when.date().isoformat() > "2025-11-01"
    )
    spec = dataclasses.replace(healthy(runs=runs), shoes=shoes)
    folder = write_runner_bundle(spec, tmp_path / "bundle")
    result = cli.invoke(app, ["analyze", str(folder), "--json", "--on", str(AS_OF)])
    assert result.exit_code == 1
    assert result.stdout == ""
    index = [r.file for r in runs].index(late.file)
    assert result.stderr.startswith(
        f"error: runner.json: activities[{index}]: field 'shoe': {late.file} was run "
        f"on {late.when.date()} in 'pegasus' (Nike Pegasus 40), which was retired "
        "on 2025-11-01"
    )
    assert result.stderr.count("\n") == 1


def test_a_run_on_the_retirement_day_itself_is_fine(tmp_path: Path) -> None:
    runs = base_runs(12, AS_OF)
    last_pegasus = max((r for r in runs if r.shoe == "pegasus"), key=lambda r: r.when)
    retired = last_pegasus.when.date().isoformat()
    shoes = [{**SHOES[0], "retired_on": retired}, SHOES[1]]
    doc = run_scenario(dataclasses.replace(healthy(runs=runs), shoes=shoes), tmp_path)
    pegasus = next(s for s in doc["shoes"] if s["id"] == "pegasus")
    assert pegasus["retired"] is True


def test_shoe_kinds_written_in_two_cases_are_one_kind(tmp_path: Path) -> None:
    """Road pairs all along, the one of the last two weeks written "Road": no
    change of shoe type (written as two kinds, it would read as a sudden one)."""
    shoes = [{**SHOES[0], "category": "road"}, {**SHOES[1], "category": "Road"}]
    switch = AS_OF - timedelta(days=10)
    runs = [
        dataclasses.replace(r, shoe="ghost" if r.when.date() >= switch else "pegasus")
        for r in base_runs(12, AS_OF)
    ]
    doc = run_scenario(dataclasses.replace(healthy(runs=runs), shoes=shoes), tmp_path)
    change = evidence(doc, "footwear", "shoe_change")
    assert (change["level"], change["value"]) == ("clear", "road")
