"""A stored runner's commands: ``export``, ``report`` and ``analyze --runner``.

Each reads the runner from the store (creating or migrating the embedded
database on first use, like every store command) through the runners app's
services: ``export_bundle`` and the cached ``analysis``.  Django is imported
inside the commands, so ``decode`` and ``analyze BUNDLE`` never load it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from stridelight import cli_output, settings

if TYPE_CHECKING:
    from stridelight.accounts.models import User
    from stridelight.core.journal import RunnerData
    from stridelight.core.results import Analysis
    from stridelight.report import ClinicInfo

REPORT_SUFFIXES = (".html", ".htm", ".pdf")

RunnerOption = Annotated[
    str,
    typer.Option("--runner", help="The runner's e-mail address.", metavar="EMAIL"),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="As of this day (YYYY-MM-DD); default today in the runner's time "
        "zone, or the newest data's day when that is more than 28 days back.",
        metavar="DATE",
    ),
]


def export(
    runner: RunnerOption,
    out: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The bundle to write: FILE.zip (or a new folder)."
        ),
    ],
) -> None:
    """Write everything stored for a runner as a runner bundle.

    runner.json with every section, unknown keys included, and each original
    activity file byte for byte; copies of a recording too. Importing it into a
    new account gives the same data and the same analysis.

    Example: stridelight export --runner ann@example.com -o ann.zip
    """
    user = _user(runner)  # starts Django: the import below loads models
    from stridelight.runners.exports import ExportError, export_bundle

    try:
        written = export_bundle(user=user, dest=out)
    except ExportError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(cli_output.cannot_write("the export", out, exc))
    typer.echo(f"Exported {runner} to {written}")


def report(
    runner: RunnerOption,
    out: Annotated[
        Path, typer.Option("--output", "-o", help="The report: FILE.html or FILE.pdf.")
    ],
    on: OnOption = None,
) -> None:
    """Write a stored runner's report (HTML, or PDF), with the clinic's details.

    Example: stridelight report --runner ann@example.com -o ann.pdf
    """
    if out.suffix.lower() not in REPORT_SUFFIXES:
        _fail(f"-o {out}: use a .html or .pdf file name", code=2)
    clinic = _clinic()
    data, analysis = stored_analysis(runner, on)
    from stridelight.report import write_report

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        written = write_report(
            analysis, out, clinic=clinic, runner_name=data.profile.name
        )
    except OSError as exc:
        _fail(cli_output.cannot_write("the report", out, exc))
    typer.echo(f"Report written to {written}")


def analyze_stored(email: str, *, on: str | None, as_json: bool) -> None:
    """``analyze --runner EMAIL``: the document ``analyze`` gives on their bundle."""
    from stridelight.cli_summary import print_summary

    data, analysis = stored_analysis(email, on)
    with cli_output.quiet_when_reader_leaves():
        if as_json:
            text = json.dumps(analysis.to_json(), indent=2, ensure_ascii=False)
            cli_output.write_stdout(text + "\n")
        else:
            print_summary(cli_output.StdoutConsole(), data, analysis)


def stored_analysis(email: str, on: str | None) -> tuple[RunnerData, Analysis]:
    """The runner's data and analysis as of ``--on`` or the default day.

    The data is read for the default day and the report's name; the analysis
    itself comes from the cache while the runner's data is unchanged.
    """
    user = _user(email)  # starts Django: the imports below load models
    from stridelight.runners.analysis import analysis
    from stridelight.runners.selectors import runner_data

    data = runner_data(user)
    as_of, moved_from = cli_output.analysis_day(on, data)
    return data, analysis(user=user, as_of=as_of, moved_from=moved_from)


def _user(email: str) -> User:
    """The account of ``email`` in the store; an unknown one is one line, exit 1."""
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    from stridelight.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        _fail(
            f"no account with the e-mail {email!r}: add it with 'stridelight user add'"
        )
    return user


def _clinic() -> ClinicInfo:
    """The clinic on the report; a bad variable is one line naming it, exit 2."""
    try:
        return settings.clinic_info()
    except settings.SettingError as exc:
        _fail(str(exc), code=2)


def _fail(message: str, *, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the stored runner's commands (``analyze --runner`` is in ``cli``)."""
    app.command()(export)
    app.command()(report)
