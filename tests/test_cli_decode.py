"""``stridelight decode``: records as JSON lines or CSV, summaries, and errors."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from stridelight import cli_output
from stridelight.cli import app
from stridelight.core.activity import COLUMNS, Activity, empty_samples
from tests.conftest import REAL

RIDE = REAL / "fit" / "fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit"
TREADMILL = REAL / "fit" / "fitparse__compressed-speed-distance.fit"
GPX = REAL / "gpx" / "togeojson__run.gpx"

runner = CliRunner()


def decode(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["decode", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def synthetic(n: int) -> Activity:
    samples = empty_samples(n)
    samples["t"] = 1_550_384_804.0 + np.arange(n, dtype=float)
    samples["lat"] = 52.5 + np.linspace(0, 0.1, n)
    samples["lon"] = 13.4 + np.linspace(0, 0.1, n)
    samples["hr_bpm"] = np.where(np.arange(n) % 7 == 0, np.nan, 150.0)
    samples["speed_mps"] = np.full(n, 3.3333333)
    return Activity(
        format="fit",
        sport="running",
        start=datetime(2019, 2, 17, 6, 26, 44, tzinfo=UTC),
        duration_s=float(n - 1),
        moving_time_s=None,
        distance_m=None,
        samples=samples,
    )


def test_it_prints_one_json_record_per_line_with_the_design_keys() -> None:
    code, out, err = decode(RIDE)
    assert code == 0, err
    lines = out.splitlines()
    first = json.loads(lines[0])
    assert list(first) == list(COLUMNS)
    assert first["t"] == "2019-02-17T06:26:44Z"
    records = [json.loads(line) for line in lines]
    assert all(list(r) == list(COLUMNS) for r in records)
    assert any(r["power_w"] is not None for r in records)


def test_it_prints_null_for_what_the_file_does_not_have() -> None:
    code, out, _ = decode(TREADMILL)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(r["lat"] is None and r["lon"] is None for r in records)


def test_it_prints_csv_with_one_header_and_empty_cells_for_absent_values() -> None:
    code, out, _ = decode(TREADMILL, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(COLUMNS)
    assert all(len(r) == len(COLUMNS) for r in rows)
    assert all(r[1] == "" and r[0].endswith("Z") for r in rows[1:])
    jsonl = decode(TREADMILL)[1].splitlines()
    assert len(rows) - 1 == len(jsonl)


def test_its_csv_and_json_values_agree() -> None:
    rows = list(csv.DictReader(io.StringIO(decode(GPX, "--format", "csv")[1])))
    records = [json.loads(line) for line in decode(GPX)[1].splitlines()]
    for row, record in zip(rows, records, strict=True):
        for key in COLUMNS[1:]:
            expected = record[key]
            assert (float(row[key]) if row[key] else None) == expected


def test_it_prints_a_summary_object_per_file() -> None:
    code, out, _ = decode(RIDE, GPX, "--summary")
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    for summary in (first, second):
        assert {"sport", "start", "duration_s", "distance_m", "records"} <= set(summary)
    assert first["start"] == "2019-02-17T06:26:44Z"
    assert first["records"] == len(decode(RIDE)[1].splitlines())
    assert second["file"].endswith("togeojson__run.gpx")


def test_it_reads_gzipped_input(tmp_path: Path) -> None:
    packed = tmp_path / "ride.fit.gz"
    packed.write_bytes(gzip.compress(RIDE.read_bytes()))
    assert decode(packed)[1] == decode(RIDE)[1]


def test_a_bad_file_gives_one_line_on_stderr_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "broken.fit"
    bad.write_bytes(b"\x00garbage\xff" * 40)
    code, out, err = decode(bad)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "broken.fit" in err and "Traceback" not in err


def test_a_missing_file_is_one_line_too(tmp_path: Path) -> None:
    code, _, err = decode(tmp_path / "nowhere.gpx")
    assert code == 1
    assert "nowhere.gpx" in err and len(err.strip().splitlines()) == 1


def test_good_files_still_print_when_another_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gpx"
    bad.write_bytes(b"<html/>")
    code, out, err = decode(bad, GPX, "--summary")
    assert code == 1
    assert len(out.splitlines()) == 1 and "bad.gpx" in err


def test_a_truncated_file_prints_its_records_and_warns(tmp_path: Path) -> None:
    data = RIDE.read_bytes()
    cut = tmp_path / "cut.fit"
    cut.write_bytes(data[: len(data) // 2])
    code, out, err = decode(cut)
    assert code == 0, err
    assert out.count("\n") > 0
    assert "warning" in err and "cut.fit" in err
    assert len(out.splitlines()) < len(decode(RIDE)[1].splitlines())


def test_its_help_has_an_example() -> None:
    result = runner.invoke(app, ["decode", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "--summary" in result.stdout


def test_it_formats_100k_records_as_valid_json_lines() -> None:
    # Its speed is measured in bench/decode_output.py, not asserted here.
    activity = synthetic(100_000)
    text = cli_output.records_jsonl(activity)
    lines = text.splitlines()
    assert len(lines) == 100_000
    first, second = json.loads(lines[0]), json.loads(lines[1])
    assert first == {
        "t": "2019-02-17T06:26:44Z",
        "lat": 52.5,
        "lon": 13.4,
        "alt_m": None,
        "dist_m": None,
        "speed_mps": 3.333,
        "hr_bpm": None,
        "cadence_spm": None,
        "power_w": None,
    }
    assert second["hr_bpm"] == 150


def test_it_keeps_fractional_seconds_when_the_file_has_them() -> None:
    activity = synthetic(3)
    samples = dict(activity.samples)
    samples["t"] = np.array([1_550_384_804.25, np.nan, 1_550_384_805.0])
    odd = Activity("gpx", "running", None, None, None, None, samples)
    lines = cli_output.records_csv(odd, header=False).splitlines()
    assert lines[0].startswith("2019-02-17T06:26:44.250Z,")
    assert lines[1].startswith(",")


def test_its_csv_header_comes_once_even_when_the_first_file_fails(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.fit"
    bad.write_bytes(b"nope")
    code, out, _ = decode(bad, TREADMILL, GPX, "--format", "csv")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines.count(",".join(COLUMNS)) == 1
