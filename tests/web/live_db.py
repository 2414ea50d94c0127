"""Other processes (a worker, a web server) on this test's own database.

A test marked ``django_db(transaction=True)`` commits its rows, so a process
started with :func:`process_env` sees them, on SQLite (the test's file) and
on PostgreSQL (the per-checkout test database) alike.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from django.db import connection


def database_url() -> str:
    """The address of the database this test runs on."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).absolute()}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def process_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Project settings (not the tests'), this database, a data folder of its own."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="stridelight.web.settings",
        DATABASE_URL=database_url(),
        STRIDELIGHT_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
