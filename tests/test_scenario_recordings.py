"""End to end: one recording once, and the sport of files that do not say.

The runners are the healthy city runner of ``scenario_runners`` whose files reach
us the ways they do in life: a watch and Strava both uploading the same runs, a
watch whose battery died in the middle of a long run, a phone that writes GPX
without a sport.  The rules come from DESIGN §2 ("one recording once") and
docs/evidence.md ("A sport from pace"), not from the code.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from stridelight.cli import app
from tests.bundles import Run, write_runner_bundle
from tests.scenario_runners import AS_OF, healthy, mondays
from tests.test_scenario_bundles import evidence, levels, run_scenario

cli = CliRunner()


def analyze_with_stderr(folder: Path) -> tuple[dict[str, Any], list[str]]:
    result = cli.invoke(
        app, ["analyze", str(folder), "--json", "--on", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr.splitlines()


def without_data_block(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "data"}


# --- a watch and Strava both upload every run -----------------------------------


def strava_copy(run: Run) -> Run:
    """The same run as Strava's GPX: the phone started 30 s late, stopped 40 s early."""
    return dataclasses.replace(
        run,
        when=run.when + timedelta(seconds=30),
        minutes=run.minutes - 70 / 60,
        km=run.km - 0.2,
        shoe=None,
        rpe=None,
        fmt="gpx",
    )


def test_a_watch_and_strava_copy_of_the_last_two_weeks_counts_each_run_once(
    tmp_path: Path,
) -> None:
    """Twelve weeks of four runs; the last two weeks' watch runs also came in from
    Strava.  Counted twice, the last two weeks would be twice the two before (a
    progression far over 30 %) and the week's load doubled."""
    base = healthy()
    recent = mondays(2, AS_OF)[0]
    watch_runs = [r for r in base.runs if r.when.date() >= recent and r.fmt == "fit"]
    assert len(watch_runs) == 4
    copies = [strava_copy(r) for r in watch_runs]
    doubled = dataclasses.replace(base, runs=[*base.runs, *copies])

    doc, stderr = analyze_with_stderr(write_runner_bundle(doubled, tmp_path / "b"))
    alone = run_scenario(base, tmp_path / "alone")

    assert without_data_block(doc) == without_data_block(alone)
    assert evidence(doc, "repetitive_strain", "distance_progression")["level"] == (
        "clear"
    )
    assert doc["data"]["activities"] == alone["data"]["activities"] == 48
    assert doc["data"]["duplicates"] == 4 and alone["data"]["duplicates"] == 0
    expected = sorted(
        f"note: {c.file} is the same run as {r.file}: counted once"
        for c, r in zip(copies, watch_runs, strict=True)
    )
    assert sorted(stderr) == expected


def test_the_richer_copy_is_kept_whichever_way_round_they_come(tmp_path: Path) -> None:
    """A run recorded by the watch with heart rate and by a phone without: the
    phone's file is the copy, even though the watch started later."""
    base = healthy()
    last = base.runs[-1]
    phone = dataclasses.replace(
        last, when=last.when - timedelta(minutes=1), hr=None, shoe=None, fmt="fit"
    )
    doc, stderr = analyze_with_stderr(
        write_runner_bundle(
            dataclasses.replace(base, runs=[*base.runs, phone]), tmp_path / "b"
        )
    )
    assert stderr == [
        f"note: {phone.file} is the same run as {last.file}: counted once"
    ]
    assert "48 from heart rate (TRIMP)" in " ".join(doc["notes"])
    assert doc["data"]["duplicates"] == 1


# --- a watch whose battery died -------------------------------------------------


def test_a_long_run_cut_short_by_a_dead_battery_is_still_a_run(tmp_path: Path) -> None:
    base = healthy()
    long_run = dataclasses.replace(base.runs[-1], fmt="fit")
    spec = dataclasses.replace(base, runs=[*base.runs[:-1], long_run])
    folder = write_runner_bundle(spec, tmp_path / "b")
    path = folder / long_run.file
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 5])  # no lap, no session: no sport

    doc, stderr = analyze_with_stderr(folder)
    assert stderr[0].startswith(
        f"warning: {folder / long_run.file}: truncated at byte "
    )
    assert stderr[1] == (
        f"note: {long_run.file} was cut short before it said its sport; "
        "counted as a run from its pace"
    )
    assert len(stderr) == 2
    # All 48 runs count, the cut one with what was recorded before the break:
    # the month's sixteen runs are all in a pair of shoes.
    assert "48 from heart rate (TRIMP)" in " ".join(doc["notes"])
    assert sum(s["runs_28d"] for s in doc["shoes"]) == 16
    assert levels(doc) == levels(run_scenario(base, tmp_path / "whole"))
    assert doc["data"]["last"] == AS_OF.isoformat()


# --- a phone that writes no sport ---------------------------------------------------


def strip_gpx_types(folder: Path) -> list[str]:
    """Remove ``<type>`` from every GPX in the bundle, as many phone apps write them."""
    stripped = []
    for path in sorted(folder.glob("activities/*.gpx")):
        text = path.read_text()
        path.write_text(text.replace("<type>running</type>", ""))
        stripped.append(str(path.relative_to(folder)))
    return stripped


def say_sport(folder: Path, files: list[str], sport: str) -> None:
    document = json.loads((folder / "runner.json").read_text())
    listed = {a["file"]: a for a in document["activities"]}
    for file in files:
        listed.setdefault(file, {"file": file})["sport"] = sport
    document["activities"] = list(listed.values())
    (folder / "runner.json").write_text(json.dumps(document))


def test_phone_gpx_without_a_sport_counts_as_runs_when_the_bundle_says_so(
    tmp_path: Path,
) -> None:
    spec = healthy()
    folder = write_runner_bundle(spec, tmp_path / "b")
    phone_files = strip_gpx_types(folder)
    assert len(phone_files) == 12  # every Saturday run
    say_sport(folder, phone_files, "running")

    doc, stderr = analyze_with_stderr(folder)
    assert stderr == []
    assert doc == run_scenario(spec, tmp_path / "typed")


def test_phone_gpx_without_a_sport_is_not_a_run_in_a_bundle_that_does_not_say(
    tmp_path: Path,
) -> None:
    """A bundle has a journal: what it leaves unsaid is not guessed from pace."""
    spec = healthy()
    folder = write_runner_bundle(spec, tmp_path / "b")
    strip_gpx_types(folder)
    doc, _ = analyze_with_stderr(folder)
    assert doc["data"]["activities"] == 48  # still activities, of no sport
    shoes = {s["id"]: s["runs_28d"] for s in doc["shoes"]}
    assert sum(shoes.values()) == 16 - 4  # the month's four Saturday runs left out
