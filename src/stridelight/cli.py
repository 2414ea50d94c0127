"""The ``stridelight`` command: a thin Typer app over core, importers and services."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
from rich.console import Console

from stridelight import (
    cli_batch,
    cli_imports,
    cli_output,
    cli_runner,
    cli_security,
    cli_store,
    settings,
)

if TYPE_CHECKING:
    from stridelight.core.results import Analysis
    from stridelight.report import ClinicInfo
from stridelight.importers import Limits, ReadError, read

if TYPE_CHECKING:
    from stridelight.ingest import Ingested

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
cli_imports.register(app)  # import PATH… --runner EMAIL
cli_runner.register(app)  # export, report: a stored runner's commands
cli_security.register(app)  # check, backup, restore, audit export


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
    with cli_output.quiet_when_reader_leaves():
        for path in files:
            if path.is_dir() and not summary:
                _say_error(
                    f"{path} is a folder: add --summary for one line per activity"
                )
                failed = True
            elif summary and cli_batch.is_archive(path):
                failed |= _summarize(path, limits)
            elif _decode_one(path, limits, fmt=fmt, summary=summary, header=header):
                header = False
            else:
                failed = True
    if failed:
        raise typer.Exit(1)


def _summarize(path: Path, limits: Limits) -> bool:
    """decode --summary of a folder or export; True when anything in it failed."""
    try:
        rejected = cli_batch.summarize_archive(
            path, limits=limits, stderr=Console(stderr=True)
        )
    except ReadError as exc:  # the archive itself: not a zip, too many entries…
        _say_error(str(exc))
        return True
    return rejected > 0


def _decode_one(
    path: Path, limits: Limits, *, fmt: RecordFormat, summary: bool, header: bool
) -> bool:
    """Print one file's records or summary; False (and one line) when it fails."""
    try:
        activity = read(path, limits=limits)
    except ReadError as exc:
        _say_error(str(exc))
        return False
    for warning in activity.warnings:
        typer.echo(f"warning: {path}: {warning}", err=True)
    as_csv = fmt is RecordFormat.csv
    text = cli_output.render(
        activity, file=str(path), csv=as_csv, summary=summary, header=header
    )
    cli_output.write_stdout(text)
    return True


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
    with cli_output.quiet_when_reader_leaves():
        code = run_demo(
            cli_output.StdoutConsole(), clinic=clinic, limits=limits, out_dir=out
        )
    raise typer.Exit(code)


@app.command()
def analyze(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A runner bundle (zip or folder with runner.json), or activity "
            "files without a journal: one file, a folder, a Strava or Garmin export.",
            metavar="BUNDLE_OR_FOLDER",
            show_default=False,
        ),
    ] = None,
    runner: Annotated[
        str | None,
        typer.Option(
            "--runner",
            help="Analyse a runner from the store instead of a path.",
            metavar="EMAIL",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the analysis as one JSON document.")
    ] = False,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Analyse as of this day (YYYY-MM-DD); default today in the "
            "runner's time zone, or the newest data's day when that is more than "
            "28 days back. Later data is ignored.",
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

    Example: stridelight analyze --runner ann@example.com --json
    """
    from stridelight.cli_batch import files_progress
    from stridelight.cli_summary import print_summary
    from stridelight.core.analysis import analyze as run_analysis
    from stridelight.ingest import ingest

    if report is not None and report.suffix.lower() not in (".html", ".htm", ".pdf"):
        _fail(f"--report {report}: use a .html or .pdf file name", code=2)
    if (path is None) == (runner is None):
        _fail("give a BUNDLE_OR_FOLDER or --runner EMAIL, one of the two", code=2)
    if runner is not None:
        if report is not None:
            _fail("--report with --runner: use 'stridelight report --runner'", code=2)
        cli_runner.analyze_stored(runner, on=on, as_json=as_json)
        return
    assert path is not None  # one of the two, checked above
    limits = _setting(settings.import_limits)
    clinic = None if report is None else _setting(settings.clinic_info)
    try:
        with files_progress(f"Reading {path.name}", Console(stderr=True)) as progress:
            loaded = ingest(path, limits=limits, progress=progress)
    except ReadError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{path}: {exc.strerror or exc}")
    for question in loaded.bundle.warnings if loaded.bundle else ():
        typer.echo(f"warning: {question}", err=True)
    _tell_how_read(path, loaded)
    as_of, moved_from = cli_output.analysis_day(on, loaded.data)
    analysis = run_analysis(
        loaded.data,
        as_of=as_of,
        moved_from=moved_from,
        duplicates=loaded.duplicates_until(as_of),
    )
    with cli_output.quiet_when_reader_leaves():
        if as_json:
            text = json.dumps(analysis.to_json(), indent=2, ensure_ascii=False)
            cli_output.write_stdout(text + "\n")
        else:
            print_summary(cli_output.StdoutConsole(), loaded.data, analysis)
    if report is not None and clinic is not None:
        _write_report(analysis, report, clinic, loaded.data.profile.name, as_json)


def _write_report(
    analysis: Analysis,
    path: Path,
    clinic: ClinicInfo,
    runner_name: str | None,
    quiet_stdout: bool,
) -> None:
    """Write the report; a place it cannot go is one line and exit code 1."""
    from stridelight.report import write_report

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        written = write_report(analysis, path, clinic=clinic, runner_name=runner_name)
    except OSError as exc:
        _fail(cli_output.cannot_write("the report", path, exc))
    with cli_output.quiet_when_reader_leaves():
        typer.echo(f"Report written to {written}", err=quiet_stdout)


def _tell_how_read(path: Path, loaded: Ingested) -> None:
    """On stderr: files skipped, readers' warnings, copies counted once, sports."""
    for error in loaded.errors:
        where = cli_batch.inside(path, error.file, loaded)
        typer.echo(f"warning: skipped {where}: {error.reason}", err=True)
    for warning in loaded.warnings:
        where = cli_batch.inside(path, warning.file, loaded)
        typer.echo(f"warning: {where}: {warning.message}", err=True)
    for duplicate in loaded.duplicates:
        typer.echo(f"note: {duplicate.text}", err=True)
    for note in loaded.notes:
        typer.echo(f"note: {note}", err=True)


def _fail(message: str, *, code: int = 1) -> NoReturn:
    _say_error(message)
    raise typer.Exit(code)


def _say_error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
