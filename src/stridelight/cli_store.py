"""The store's commands: accounts, the web server and the background worker.

Each starts Django (:mod:`stridelight.web.bootstrap`) and creates or migrates
the database on first use, so no command needs a ``migrate`` before it.  Django
is imported inside the commands: ``decode`` and ``analyze`` never load it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, NoReturn

import typer

user_app = typer.Typer(
    help="Accounts in the store.\n\nExample: stridelight user add ann@example.com "
    "--role runner < password.txt",
    no_args_is_help=True,
)


class RoleName(StrEnum):
    """The roles of ``accounts.models.Role`` (a test keeps the two equal)."""

    runner = "runner"
    therapist = "therapist"
    clinic_admin = "clinic_admin"


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(help="The e-mail address to sign in with.")],
    role: Annotated[
        RoleName, typer.Option("--role", help="What the account may do.")
    ] = RoleName.runner,
) -> None:
    """Add an account; the password is read from standard input.

    On a terminal it is asked for twice, hidden; otherwise the first line of
    stdin is the password. A weak password is refused with the reasons (exit 1).

    Example: printf '%s\\n' 'long and unusual phrase' | stridelight user add ann@example.com --role runner
    """
    from stridelight.web.bootstrap import ensure_database

    password = _password()
    ensure_database()
    from django.core.exceptions import ValidationError

    from stridelight.accounts.services import create_user

    try:
        user = create_user(email=email, password=password, role=role.value)
    except ValidationError as exc:
        _fail("; ".join(exc.messages))
    typer.echo(f"Added {user.email} ({user.role}).")


def _password() -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    if not line.strip():
        _fail("no password on standard input: give it as the first line")
    return line.rstrip("\r\n")


def serve(
    port: Annotated[
        int, typer.Option("--port", "-p", help="Port to listen on.")
    ] = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0: all).")
    ] = "127.0.0.1",
    workers: Annotated[
        int, typer.Option("--workers", help="Web worker processes.", min=1)
    ] = 1,
    threads: Annotated[
        int, typer.Option("--threads", help="Threads of each process.", min=1)
    ] = 4,
) -> NoReturn:
    """Run the web app with gunicorn; static files are served by WhiteNoise.

    One process of four threads by default: what one request reads of a
    runner's history stays in the process for the next (the check-in's POST
    finds what its page had read); more processes use more cores, each with
    its own memory. Behind a proxy that ends TLS in production.

    Example: stridelight serve --port 8000
    """
    from stridelight.web.bootstrap import collect_static, ensure_database

    ensure_database()
    collect_static()
    argv = [
        sys.executable, "-m", "gunicorn", "stridelight.web.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--threads", str(threads), "--worker-class", "gthread",
        "--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1",
    ]  # fmt: skip
    # Replaced by gunicorn, so a stop signal reaches the server itself.
    os.execv(sys.executable, argv)  # noqa: S606  (our own interpreter, fixed args)


def worker(
    batch: Annotated[
        bool, typer.Option("--batch", help="Run the waiting tasks, then exit.")
    ] = False,
) -> None:
    """Run background tasks (imports from the web, reminders) from the queue.

    The queue is the database's, or Redis's with STRIDELIGHT_TASKS_BACKEND=rq.
    Run as many as needed, on as many machines as share the database (or Redis).

    Example: stridelight worker
    """
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    from django.conf import settings as django_settings
    from django.core.management import call_command

    from stridelight.settings import RQ_JOB_CLASS, TASKS_BACKENDS

    with _reminders_beside(batch=batch):
        if django_settings.TASKS["default"]["BACKEND"] == TASKS_BACKENDS["rq"]:
            call_command("rqworker", "default", job_class=RQ_JOB_CLASS, burst=batch)
        else:
            call_command("db_worker", batch=batch, no_startup_delay=batch)


@contextlib.contextmanager
def _reminders_beside(*, batch: bool) -> Iterator[None]:
    """The clinic's due reminders (docs/clinic.md) are sent beside the tasks: in
    a thread of their own while the worker runs, or once before a batch."""
    from django.db import connection

    from stridelight.clinic import reminders

    def echo(line: str) -> None:
        typer.echo(line)

    if batch:
        reminders.run(batch=True, write=echo)
        yield
        return
    stop = threading.Event()

    def loop() -> None:
        try:
            reminders.run(batch=False, write=echo, stop=stop)
        finally:
            connection.close()  # this thread's own connection

    sender = threading.Thread(target=loop, name="reminders", daemon=True)
    sender.start()
    try:
        yield
    finally:
        stop.set()
        sender.join(timeout=30)


def _fail(message: str, *, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the store's commands to the ``stridelight`` app."""
    app.add_typer(user_app, name="user")
    app.command()(serve)
    app.command()(worker)
