"""The ``stridelight`` command: a thin Typer app over core, importers and services."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from stridelight import cli_batch, cli_output, cli_store, settings
from stridelight.importers import ReadError, read

T = TypeVar("T")

app = typer.Typer(
    help="Stridelight: why do my feet ache after running, and what to do about it.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """Stridelight command line."""


cli_store.register(app)  # user, serve, worker: the store's commands


class RecordFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def decode(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="FIT, GPX or TCX files, plain, .gz or a one-file .zip.",
            metavar="FILE",
        ),
    ],
    fmt: Annotated[
        RecordFormat,
        typer.Option("--format", "-f", help="Records as JSON lines or CSV."),
    ] = RecordFormat.jsonl,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="One JSON object per file instead of records."),
    ] = False,
) -> None:
    """Print the records of activity files, one per line.

    Keys: t (ISO 8601 UTC), lat, lon, alt_m, dist_m, speed_mps, hr_bpm,
    cadence_spm, power_w; absent values are null (an empty cell in CSV).
    A bad file gets one line on stderr and exit code 1; the other files still print.

    Example: stridelight decode ride.fit.gz --format csv > ride.csv

    Example: stridelight decode --summary activities/*.fit

    With --summary, a folder or an export zip (Strava, Garmin, a plain zip) is read
    file by file with a progress bar on stderr; a bad file is one line there.

    Example: stridelight decode --summary export_12345.zip > activities.jsonl
    """
    limits = _setting(settings.import_limits)
    failed = False
    header = True  # CSV: once, above the first file that reads
    for path in files:
        if path.is_dir() and not summary:
            _fail(
                f"{path} is a folder: add --summary for one line per activity", code=2
            )
        if summary and cli_batch.is_archive(path):
            stderr = Console(stderr=True)
            failed |= (
                cli_batch.summarize_archive(path, limits=limits, stderr=stderr) > 0
            )
            continue
        try:
            activity = read(path, limits=limits)
        except ReadError as exc:
            typer.echo(f"error: {exc}", err=True)
            failed = True
            continue
        for warning in activity.warnings:
            typer.echo(f"warning: {path}: {warning}", err=True)
        as_csv = fmt is RecordFormat.csv
        text = cli_output.render(
            activity, file=str(path), csv=as_csv, summary=summary, header=header
        )
        cli_output.write_stdout(text)
        header = False
    if failed:
        raise typer.Exit(1)


def _setting(read_setting: Callable[[], T]) -> T:
    """A setting from the environment; a bad variable is one line naming it, exit 2."""
    try:
        return read_setting()
    except settings.SettingError as exc:
        _fail(str(exc), code=2)


@app.command()
def demo(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for demo-report.html.")
    ] = Path("out"),
) -> None:
    """Decode the shipped demo runner, analyse it, print the summary, write the report.

    No server and no network: everything comes from samples/demo-runner.

    Example: stridelight demo --out /tmp/stridelight
    """
    from stridelight.demo import run_demo

    limits = _setting(settings.import_limits)
    clinic = _setting(settings.clinic_info)
    raise typer.Exit(run_demo(Console(), clinic=clinic, limits=limits, out_dir=out))


@app.command()
def analyze(
    path: Annotated[
        Path,
        typer.Argument(
            help="A runner bundle (zip or folder with runner.json), or activity "
            "files without a journal: one file, a folder, a Strava or Garmin export.",
            metavar="BUNDLE_OR_FOLDER",
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the analysis as one JSON document.")
    ] = False,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Analyse as of this day (YYYY-MM-DD); default today in the "
            "runner's time zone. Later data is ignored.",
            metavar="DATE",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write the report (.html or .pdf)."),
    ] = None,
) -> None:
    """Which of the four contributing causes is at work, where to look, what to do.

    Red flags first, then repetitive_strain, footwear, tight_chain and
    under_recovery with their evidence, the ranked regions up the chain, and the plan.

    Example: stridelight analyze samples/demo-runner --on 2026-11-18

    Example: stridelight analyze bundle.zip --json > analysis.json

    Example: stridelight analyze samples/demo-runner --report out/report.pdf
    """
    from stridelight.cli_batch import reading_progress
    from stridelight.cli_summary import print_summary
    from stridelight.core.analysis import analyze as run_analysis
    from stridelight.ingest import ingest

    if report is not None and report.suffix.lower() not in (".html", ".htm", ".pdf"):
        _fail(f"--report {report}: use a .html or .pdf file name", code=2)
    limits = _setting(settings.import_limits)
    clinic = None if report is None else _setting(settings.clinic_info)
    try:
        with reading_progress(path, Console(stderr=True)) as progress:
            loaded = ingest(path, limits=limits, progress=progress)
    except ReadError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{path}: {exc.strerror or exc}")
    for error in loaded.errors:
        typer.echo(f"warning: skipped {error.file}: {error.reason}", err=True)
    as_of = _as_of(on, loaded.data.profile.zone)
    analysis = run_analysis(loaded.data, as_of=as_of)
    if as_json:
        typer.echo(json.dumps(analysis.to_json(), indent=2, ensure_ascii=False))
    else:
        print_summary(Console(), loaded.data, analysis)
    if report is not None and clinic is not None:
        from stridelight.report import write_report

        report.parent.mkdir(parents=True, exist_ok=True)
        written = write_report(analysis, report, clinic=clinic)
        typer.echo(f"Report written to {written}", err=as_json)


def _as_of(on: str | None, zone: ZoneInfo) -> date:
    if on is None:
        # The edge of the program: the only place that reads the clock.
        return datetime.now(zone).date()
    try:
        return date.fromisoformat(on)
    except ValueError:
        _fail(f"--on {on!r}: not a date, use YYYY-MM-DD", code=2)


def _fail(message: str, *, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)
