"""The command line does not break: bad places to write, bad files among good ones,
pipes, and messages in the user's words.  Driven as a user would, with real
files, real pipes and real subprocesses where the behaviour is about processes."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stridelight.cli import app
from tests.bundles import Run, RunnerSpec, write_runner_bundle
from tests.conftest import REAL, ROOT

DEMO = ROOT / "samples" / "demo-runner"
GPX = REAL / "gpx" / "togeojson__run.gpx"
STRIDELIGHT = Path(sys.executable).parent / "stridelight"
runner = CliRunner()


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, [str(a) for a in args], env=env)


def two_run_bundle(folder: Path, **runner_fields: Any) -> Path:
    spec = RunnerSpec(
        runner={"sex": "female", "time_zone": "America/New_York", **runner_fields},
        runs=(
            Run(datetime(2026, 3, 2, 7, 0), km=5, minutes=30),
            Run(datetime(2026, 3, 4, 7, 0), km=6, minutes=36),
        ),
    )
    return write_runner_bundle(spec, folder)


def assert_one_error_line(result: Any, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output and result.exception is not None
    for word in words:
        assert word in lines[0]


# --- writing where it cannot be written ------------------------------------------


@pytest.mark.parametrize(
    ("place", "why"),
    [
        ("folder.html", "is a folder"),  # a folder has the report's name
        ("a_file/report.html", "is a file, not a folder"),  # a parent is a file
        ("full.html", "No space left on device"),  # a full disk
        ("/proc/report.html", "/proc/report.html"),  # a place that takes no files
    ],
)
def test_a_report_that_cannot_be_written_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: str, why: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.html").mkdir()
    (tmp_path / "a_file").write_text("not a folder")
    (tmp_path / "full.html").symlink_to("/dev/full")
    bundle = two_run_bundle(tmp_path / "bundle")
    # --on the day after the last run: without it the old data brings a notice.
    result = invoke("analyze", bundle, "--on", "2026-03-05", "--report", place)
    assert_one_error_line(result, "cannot write the report", why)


# The demo builds the embedded store: here the test database stands in for it.
@pytest.mark.django_db
def test_the_demo_where_it_cannot_write_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the folder should go")
    result = invoke("demo", "--out", tmp_path / "taken")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    error = [line for line in result.stdout.splitlines() if "error" in line]
    assert error == [
        f"error: cannot write the report to {tmp_path / 'taken' / 'demo-report.html'}:"
        " a part of that path is a file, not a folder"
    ]


# --- a bad activity file is not a bad bundle ----------------------------------


def test_an_oversized_activity_in_a_bundle_is_skipped_naming_the_setting(
    tmp_path: Path,
) -> None:
    bundle = two_run_bundle(tmp_path / "bundle")
    big = bundle / "activities" / "big.gpx"
    big.write_bytes(GPX.read_bytes() + b" " * 200_000)
    result = invoke("analyze", bundle, env={"STRIDELIGHT_MAX_FILE_MB": "0.15"})
    assert result.exit_code == 0, result.output
    assert f"warning: skipped {big}: larger than" in result.stderr
    assert "limit STRIDELIGHT_MAX_FILE_MB" in result.stderr
    assert "2 runs," in result.stdout  # the bundle's own runs still count


def test_an_unreadable_activity_in_a_bundle_is_skipped_and_the_rest_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = two_run_bundle(tmp_path / "bundle")
    files = sorted((bundle / "activities").iterdir())
    locked = files[0]
    real_open = builtins.open

    def open_denied(file: Any, *args: Any, **kwargs: Any) -> Any:
        # Tests run as root, where chmod 000 still reads: deny at the OS boundary.
        if os.fspath(file) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_denied)
    result = invoke("analyze", bundle)
    assert result.exit_code == 0, result.output
    assert f"warning: skipped {bundle}/{locked.relative_to(bundle)}: " in result.stderr
    assert "Permission denied" in result.stderr
    assert "1 run," in result.stdout  # the other run still counts


def run_cli(
    *args: str | Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process; a blocked read fails by timeout."""
    command = [str(STRIDELIGHT), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def test_a_named_pipe_in_a_folder_is_skipped_without_blocking(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "run.gpx").write_bytes(GPX.read_bytes())
    os.mkfifo(folder / "waiting.fit")
    summary = run_cli("decode", "--summary", folder)
    assert summary.returncode == 0, summary.stderr
    assert f"{folder}/run.gpx" in summary.stdout
    assert f"skipped: {folder}/waiting.fit: not a regular file" in summary.stderr
    analysis = run_cli("analyze", folder, "--json")
    assert analysis.returncode == 0, analysis.stderr


def test_a_named_pipe_in_a_bundle_is_skipped_without_blocking(tmp_path: Path) -> None:
    bundle = two_run_bundle(tmp_path / "bundle")
    os.mkfifo(bundle / "activities" / "waiting.fit")
    result = run_cli("analyze", bundle, "--json")
    assert result.returncode == 0, result.stderr
    assert f"skipped {bundle}/activities/waiting.fit: not a regular file" in (
        result.stderr
    )


def test_decode_with_one_unreadable_argument_still_decodes_the_others(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "missing.fit"
    result = invoke("decode", "--summary", missing, GPX, tmp_path / "nope.zip")
    assert result.exit_code == 1
    assert f'"file": "{GPX}"' in result.stdout
    errors = result.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in errors] == ["error", "error"]
    assert str(missing) in errors[0] and "nope.zip" in errors[1]
    records = invoke("decode", tmp_path, GPX)
    assert records.exit_code == 1
    assert records.stdout.count("\n") > 10  # the GPX's records
    assert (
        records.stderr.strip()
        == f"error: {tmp_path} is a folder: add --summary for one line per activity"
    )


# --- a reader that has gone -------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", str(DEMO)),
        ("analyze", str(DEMO), "--json"),
        ("decode", str(GPX)),
        ("decode", "--summary", str(DEMO / "activities")),
    ],
    ids=["summary", "json", "records", "folder-summary"],
)
def test_output_into_a_closed_pipe_exits_quietly(args: tuple[str, ...]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that has already read all it wanted
    try:
        process = subprocess.run(
            [str(STRIDELIGHT), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert process.returncode == 0
    assert "Traceback" not in process.stderr and "Broken pipe" not in process.stderr


# --- messages in the user's words -------------------------------------------------


def test_paths_inside_an_archive_are_one_pasteable_path(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(GPX, "activities/run.gpx")
        archive.writestr("activities/broken.fit", b"not a fit file at all")
    summary = invoke("decode", "--summary", export)
    assert f'"file": "{export}/activities/run.gpx"' in summary.stdout
    assert f"error: {export}/activities/broken.fit: not a FIT" in summary.stderr
    analysis = invoke("analyze", export, "--json")
    assert analysis.exit_code == 0, analysis.output
    assert f"warning: skipped {export}/activities/broken.fit: not a FIT" in (
        analysis.stderr
    )


def test_a_bad_runner_json_is_named_with_its_bundle(tmp_path: Path) -> None:
    bundle = two_run_bundle(tmp_path / "bundle")
    document = json.loads((bundle / "runner.json").read_text())
    document["runner"]["time_zone"] = "Mars/Olympus"
    (bundle / "runner.json").write_text(json.dumps(document))
    zipped = tmp_path / "bundle.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for file in bundle.rglob("*"):
            archive.write(file, file.relative_to(bundle).as_posix())
    for path in (bundle, zipped):
        result = invoke("analyze", path)
        assert_one_error_line(result, f"{path}/runner.json: runner: field 'time_zone'")


def test_no_message_names_python(tmp_path: Path) -> None:
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.write(GPX, "a.gpx")
        archive.write(GPX, "b.gpx")
    result = invoke("decode", two)
    assert result.exit_code == 1
    assert "()" not in result.stderr and "Error" not in result.stderr


# --- whose report it is -----------------------------------------------------------


def test_the_report_names_the_runner_from_the_bundle_and_the_clinic_from_settings(
    tmp_path: Path,
) -> None:
    bundle = two_run_bundle(tmp_path / "bundle", name="Ana Ruiz")
    report = tmp_path / "report.html"
    clinic = {
        "STRIDELIGHT_CLINIC_NAME": "Fascia Works",
        "STRIDELIGHT_CLINIC_PHONE": "555 0101",
    }
    result = invoke("analyze", bundle, "--report", report, env=clinic)
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert "Prepared for <strong>Ana Ruiz</strong>" in html
    assert "Fascia Works" in html and "555 0101" in html
    assert "Stridelight Clinic" not in html and "369-0505" not in html


# The demo builds the embedded store: here the test database stands in for it.
@pytest.mark.django_db
def test_the_demo_report_names_the_demo_bundles_runner(tmp_path: Path) -> None:
    document = json.loads((DEMO / "runner.json").read_text(encoding="utf-8"))
    name = document["runner"]["name"]
    result = invoke(
        "demo", "--out", tmp_path, env={"STRIDELIGHT_CLINIC_NAME": "Fascia Works"}
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "demo-report.html").read_text(encoding="utf-8")
    assert f"Prepared for <strong>{name}</strong>" in html
    assert "Fascia Works" in html and "Demo runner" not in html
