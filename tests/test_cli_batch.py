"""`decode --summary` over folders and export zips: a line per activity, progress on stderr."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from stridelight.cli import app
from tests.conftest import REAL

runner = CliRunner()


def summaries(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_a_strava_export_gives_one_line_per_activity_with_its_metadata() -> None:
    export = REAL / "strava_export_sample.zip"
    result = runner.invoke(app, ["decode", "--summary", str(export)])
    assert result.exit_code == 0, result.stderr
    lines = summaries(result.stdout)
    assert len(lines) == 12  # 13 rows, one a manual entry without a file
    assert "manual entry" in result.stderr
    assert "12 activities, 0 rejected" in result.stderr
    assert all(str(line["file"]).startswith(f"{export}/activities/") for line in lines)
    assert {line["type"] for line in lines} >= {"Run", "Ride", "Swim"}


def test_the_export_names_the_sport_a_file_leaves_out() -> None:
    # activities/2300151007.gpx.gz has no <type>; activities.csv says Run.
    result = runner.invoke(
        app, ["decode", "--summary", str(REAL / "strava_export_sample.zip")]
    )
    export = f"{REAL / 'strava_export_sample.zip'}/"
    by_file = {
        str(line["file"]).removeprefix(export): line
        for line in summaries(result.stdout)
    }
    assert by_file["activities/2300151007.gpx.gz"]["sport"] == "running"


def test_a_bad_file_in_a_folder_is_one_line_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    shutil.copy(
        REAL / "fit" / "fitparse__activity-small-fenix2-run.fit", tmp_path / "a.fit"
    )
    shutil.copy(REAL / "gpx" / "togeojson__run.gpx", tmp_path / "b.gpx")
    (tmp_path / "c.fit").write_bytes(b"\x0e\x10" + b"not a fit file at all" * 4)
    result = runner.invoke(app, ["decode", "--summary", str(tmp_path)])
    assert result.exit_code == 1
    assert len(summaries(result.stdout)) == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "c.fit" in errors[0]
    assert "Traceback" not in result.output


def test_a_folder_without_summary_is_refused_with_a_hint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["decode", str(tmp_path)])
    assert result.exit_code == 1  # one line, and any other argument still decoded
    assert "add --summary" in result.stderr
