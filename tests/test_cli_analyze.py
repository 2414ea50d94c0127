"""`stridelight analyze` and `stridelight demo`, driven as a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from stridelight.cli import app
from stridelight.core.vocabulary import CAUSE_IDS
from tests.conftest import REAL, ROOT

DEMO = ROOT / "samples" / "demo-runner"
runner = CliRunner()
STRIDELIGHT = Path(sys.executable).parent / "stridelight"


def analyze_json(*args: str) -> Any:
    result = runner.invoke(app, ["analyze", *args, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return document


def test_it_prints_the_design_document_for_a_bundle() -> None:
    doc = analyze_json(str(DEMO), "--on", "2026-11-18")
    assert doc["as_of"] == "2026-11-18"
    assert isinstance(doc["red_flags"], list)
    causes = doc["causes"]
    assert isinstance(causes, list)
    assert [c["id"] for c in causes] == list(CAUSE_IDS)
    for cause in causes:
        assert cause["level"] in ("clear", "watch", "flag")
        assert 0 <= cause["score"] <= 1
        assert all(
            {"signal", "value", "threshold", "citation"} <= set(e)
            for e in cause["evidence"]
        )
    chain = doc["chain"]
    assert isinstance(chain, list) and chain
    assert {"region", "score", "line", "evidence_grade"} <= set(chain[0])
    plan = doc["plan"]
    assert isinstance(plan, dict)
    assert plan["mfr_cadence"] in ("weekly", "monthly", "refer_first")
    assert plan["actions"]


def test_the_demo_runner_shows_its_story() -> None:
    doc = analyze_json(str(DEMO), "--on", "2026-11-18")
    levels = {c["id"]: c["level"] for c in doc["causes"]}
    # A 16.8 km run after weeks of 9 km, 93 % of runs in one worn pair.
    assert levels["repetitive_strain"] == "flag"
    assert levels["footwear"] == "flag"
    assert doc["chain"][0]["region"] in ("achilles", "calf")


def spike_level(doc: Any) -> str:
    causes = doc["causes"]
    assert isinstance(causes, list)
    strain = next(c for c in causes if c["id"] == "repetitive_strain")
    spike = next(e for e in strain["evidence"] if e["signal"] == "single_run_spike")
    return str(spike["level"])


def test_data_after_the_as_of_day_is_ignored() -> None:
    # The 16.8 km spike is on 2026-11-15: the day before, it has not happened yet.
    assert spike_level(analyze_json(str(DEMO), "--on", "2026-11-18")) == "flag"
    assert spike_level(analyze_json(str(DEMO), "--on", "2026-11-14")) == "clear"


def test_a_bad_date_is_named() -> None:
    result = runner.invoke(app, ["analyze", str(DEMO), "--on", "2026-02-30"])
    assert result.exit_code == 2
    assert "--on '2026-02-30': not a date" in result.stderr


def test_a_missing_bundle_is_one_clear_line() -> None:
    result = runner.invoke(app, ["analyze", "/nonexistent/bundle.zip"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output


def test_a_plain_folder_of_activity_files_is_analysed_on_training_alone(
    tmp_path: Path,
) -> None:
    for name in ("fitparse__activity-small-fenix2-run.fit", "tcxparser__test.tcx"):
        folder = "fit" if name.endswith(".fit") else "tcx"
        shutil.copy(REAL / folder / name, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not an activity")
    doc = analyze_json(str(tmp_path), "--on", "2024-01-01")
    assert [c["id"] for c in doc["causes"]] == list(CAUSE_IDS)
    assert doc["red_flags"] == []


def test_it_writes_a_pdf_report(tmp_path: Path) -> None:
    out = tmp_path / "r" / "report.pdf"
    result = runner.invoke(
        app, ["analyze", str(DEMO), "--on", "2026-11-18", "--report", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "footwear" in result.stdout


def test_an_unknown_report_suffix_is_refused_before_any_work(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(DEMO), "--report", str(tmp_path / "r.doc")]
    )
    assert result.exit_code == 2
    assert "use a .html or .pdf" in result.stderr
    assert not (tmp_path / "r.doc").exists()


def demo_process(out: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``stridelight demo`` as the README runs it: its own embedded store."""
    env = {**os.environ, "STRIDELIGHT_DATA_DIR": str(data_dir), "COLUMNS": "400"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [str(STRIDELIGHT), "demo", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def test_the_demo_builds_the_store_once_and_reads_the_analysis_back(
    tmp_path: Path,
) -> None:
    first = demo_process(tmp_path / "out", tmp_path / "var")
    assert first.returncode == 0, first.stdout + first.stderr
    for cause in CAUSE_IDS:
        assert cause in first.stdout
    assert "MFR cadence" in first.stdout
    assert "42 activities imported, 0 already there" in first.stdout
    html = (tmp_path / "out" / "demo-report.html").read_text()
    assert "<svg" in html and "footwear" in html.lower()
    logins = tmp_path / "var" / "demo-logins.txt"
    assert logins.stat().st_mode & 0o077 == 0  # passwords: the owner's only
    assert (tmp_path / "var" / "stridelight.sqlite3").is_file()

    again = demo_process(tmp_path / "out", tmp_path / "var")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 activities imported, 42 already there" in again.stdout
    # The same accounts and passwords, and the same analysis from the store.
    assert logins.read_text() in "".join(
        f"{line.split()[1]} {line.split()[2]}\n"
        for line in again.stdout.splitlines()
        if "@demo.stridelight.example" in line
    )
    summary = first.stdout[first.stdout.index("Analysis as of") :]
    assert again.stdout[again.stdout.index("Analysis as of") :].startswith(
        summary[: summary.index("The embedded store")]
    )


def test_the_data_block_says_what_the_analysis_had_to_go_on() -> None:
    doc = analyze_json(str(DEMO), "--on", "2026-11-18")
    data = doc["data"]
    assert set(data) == {"first", "last", "activities", "duplicates"}
    assert data["first"] <= data["last"] <= "2026-11-18"
    assert data["activities"] > 0 and data["duplicates"] == 0


def test_strava_gear_distances_say_at_least() -> None:
    """The export does not say how far a pair had gone before its first run."""
    doc = analyze_json(str(REAL / "strava_export_sample.zip"), "--on", "2024-01-01")
    assert doc["shoes"] and all(s["km_at_least"] for s in doc["shoes"])
    wear = next(c for c in doc["causes"] if c["id"] == "footwear")["evidence"]
    distance = next(e for e in wear if e["signal"] == "shoe_distance")
    assert "only a lower bound is known (at least " in distance["text"]
    # A lower bound under the mark proves nothing: not assessed, never "clear".
    assert distance["level"] == "not_assessed"
