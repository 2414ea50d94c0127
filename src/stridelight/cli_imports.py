"""``stridelight import PATH… --runner EMAIL``: files, folders, exports, bundles into the store.

The account must exist (``stridelight user add``); the embedded database is
created and migrated on first use.  A progress bar on a terminal (stderr), one
line per rejected file (stderr, a path to paste and the reason), other notes on
single files, and a closing line with the counts on stdout.  Exit 1 when
anything was rejected, 2 when the runner is unknown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from stridelight.cli_batch import files_progress


def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Activity files (FIT, GPX, TCX, .gz), folders, Strava or Garmin "
            "export zips, runner bundles (zip or folder with runner.json).",
            show_default=False,
        ),
    ],
    runner: Annotated[
        str,
        typer.Option(
            "--runner", help="The runner's account e-mail (see `stridelight user add`)."
        ),
    ],
) -> None:
    """Import activities into a runner's store; the same file twice is stored once.

    A recording that reaches the store twice (a watch's FIT and Strava's GPX of
    one run) is kept once, the richer file counted. A bundle's runner.json
    replaces the runner's journal. Each rejected file is one line with its
    reason; the last line counts new, already there, duplicates and rejected.
    Exit 1 when a file was rejected.

    Example: stridelight import ~/Downloads/export_12345.zip --runner ann@example.com
    """
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    from stridelight.accounts.models import User
    from stridelight.runners.imports import import_sources

    user = User.objects.filter(email__iexact=runner).first()
    if user is None:
        typer.echo(
            f"error: no account {runner}: add it first with "
            f"`stridelight user add {runner} --role runner`",
            err=True,
        )
        raise typer.Exit(2)
    stderr = Console(stderr=True)
    with files_progress("Importing", stderr) as progress:
        report = import_sources(user=user, sources=paths, progress=progress)
    for line in report.lines:
        typer.echo(line, err=True)
    for rejected in report.rejected:
        typer.echo(f"rejected: {rejected.text}", err=True)
    typer.echo(f"Imported for {user.email}: {report.summary}.")
    if report.rejected:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``import`` to the ``stridelight`` app."""
    app.command("import")(import_command)
