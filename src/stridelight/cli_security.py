"""The store's safety commands: the deployment check, backup and restore, the audit log.

Like the other store commands, each starts Django inside the command, so
``decode`` and ``analyze`` never load it (docs/security.md).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, NoReturn

import typer

audit_app = typer.Typer(
    help="The audit log of staff reads and changes of health data.\n\n"
    "Example: stridelight audit export -o audit.csv --since 2026-01-01",
    no_args_is_help=True,
)


def check(
    deploy: Annotated[
        bool,
        typer.Option("--deploy", help="Also the checks for a production deployment."),
    ] = False,
) -> None:
    """Run Django's system checks on the settings from the environment.

    Any warning fails (exit 1).  With --deploy, run it with the production
    settings: STRIDELIGHT_PRODUCTION=1, SECRET_KEY and ALLOWED_HOSTS set.

    Example: STRIDELIGHT_PRODUCTION=1 SECRET_KEY=… ALLOWED_HOSTS=clinic.example stridelight check --deploy
    """
    from stridelight.web.bootstrap import setup_django

    setup_django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=deploy, fail_level="WARNING")
    except SystemCheckError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


def backup(
    out: Annotated[Path, typer.Option("--out", "-o", help="The backup zip to write.")],
) -> None:
    """Back up the database and the stored original files into one zip.

    SQLite through its online backup API (the app may keep running);
    PostgreSQL through pg_dump.  A manifest lists every member with its sha256.

    Example: stridelight backup -o stridelight-2026-12-06.zip
    """
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    from stridelight.web.backup import BackupError
    from stridelight.web.backup import backup as make_backup

    # The edge of the program: the clock is read here, for the manifest.
    try:
        summary = make_backup(out, now=datetime.now(UTC))
    except (BackupError, OSError) as exc:
        _fail(f"{out}: {exc}")
    typer.echo(
        f"Backed up the {summary.engine} database and {summary.files} files "
        f"({summary.bytes:,} bytes) to {out}."
    )


def restore(
    source: Annotated[
        Path, typer.Argument(help="A zip written by `stridelight backup`.")
    ],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a database that already holds accounts."),
    ] = False,
) -> None:
    """Restore a backup into this store (the database from the environment).

    The whole zip is checked against its manifest first.  A database that
    already holds accounts is refused unless --force.  Migrations newer than
    the backup run afterwards.

    Example: stridelight restore stridelight-2026-12-06.zip
    """
    import zipfile

    from stridelight.web.bootstrap import ensure_database, setup_django

    setup_django()
    from stridelight.web.backup import BackupError
    from stridelight.web.backup import restore as do_restore

    try:
        summary = do_restore(source, force=force)
    except (BackupError, OSError, zipfile.BadZipFile) as exc:
        _fail(f"{source}: {exc}" if str(source) not in str(exc) else str(exc))
    ensure_database()
    typer.echo(
        f"Restored the {summary.engine} database and {summary.files} files from {source}."
    )


@audit_app.command("export")
def audit_export(
    out: Annotated[Path, typer.Option("--out", "-o", help="The CSV file to write.")],
    since: Annotated[
        datetime | None,
        typer.Option(help="From this day (UTC), inclusive.", formats=["%Y-%m-%d"]),
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(help="Up to this day (UTC), inclusive.", formats=["%Y-%m-%d"]),
    ] = None,
    client: Annotated[
        int | None, typer.Option("--client", help="Only this client's (runner id).")
    ] = None,
) -> None:
    """Write the audit log as CSV, oldest first, times in UTC.

    Example: stridelight audit export -o audit.csv --since 2026-01-01 --client 12
    """
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    from stridelight import audit
    from stridelight.audit.export import write_csv
    from stridelight.audit.models import Action, AuditEntry

    entries = AuditEntry.objects.order_by("at", "id")
    if since is not None:
        entries = entries.filter(at__gte=_day_start(since.date()))
    if until is not None:
        entries = entries.filter(at__lt=_day_start(until.date(), after=True))
    if client is not None:
        entries = entries.filter(client_id=client)
    with out.open("w", encoding="utf-8", newline="") as handle:
        count = write_csv(entries.iterator(), handle)
    audit.record(actor=None, action=Action.EXPORT, client=None, obj=None, request=None)
    typer.echo(f"Wrote {count} audit entries to {out}.")


def _day_start(day: date, *, after: bool = False) -> datetime:
    start = datetime.combine(day, time(), tzinfo=UTC)
    if after:
        from datetime import timedelta

        start += timedelta(days=1)
    return start


def _fail(message: str, *, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the safety commands to the ``stridelight`` app."""
    app.command()(check)
    app.command()(backup)
    app.command()(restore)
    app.add_typer(audit_app, name="audit")
