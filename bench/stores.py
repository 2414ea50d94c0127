"""Running a benchmark's measurement on each database, in processes of its own.

Django is configured once per process, so each database gets fresh processes:
an empty embedded store (SQLite in a throw-away data folder) and an empty
PostgreSQL database of the benchmark's own (others may run beside it).  Each
step prints one JSON line last; the steps' results are merged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
ROOT = Path(__file__).resolve().parent.parent


def fresh_postgres(database: str) -> str:
    """``database`` dropped and created again, empty; its URL."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {database}")
        db.execute(f"CREATE DATABASE {database}")
    return f"{PG_SERVER}/{database}"


def run_steps(
    module: str,
    database_url: str,
    *,
    steps: tuple[str, ...] = ("--measure",),
    **env: str,
) -> dict[str, Any]:
    """``python -m module STEP`` for each step, on ``database_url`` ("": SQLite)."""
    with tempfile.TemporaryDirectory(prefix="stridelight-bench-") as data_dir:
        settings = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
        settings.update(
            STRIDELIGHT_DATA_DIR=data_dir,
            DATABASE_URL=database_url,
            DJANGO_SETTINGS_MODULE="stridelight.web.settings",
            **env,
        )
        result: dict[str, Any] = {}
        for step in steps:
            done = subprocess.run(
                [sys.executable, "-m", module, step],
                env=settings,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            result |= json.loads(done.stdout.strip().splitlines()[-1])
    return result


def on_both_databases(
    module: str,
    pg_database: str,
    *,
    steps: tuple[str, ...] = ("--measure",),
    **env: str,
) -> dict[str, dict[str, Any]]:
    """The steps on a fresh SQLite store and on a fresh PostgreSQL database."""
    return {
        "SQLite": run_steps(module, "", steps=steps, **env),
        "PostgreSQL": run_steps(
            module, fresh_postgres(pg_database), steps=steps, **env
        ),
    }


def settled() -> None:
    """The planner's statistics brought up to date after a benchmark's bulk
    write, as PostgreSQL's autovacuum does within a minute of one: without
    them it guesses one row per runner and picks slower plans (the 5,000
    activities read in 12 ms instead of 7).  SQLite has nothing to settle."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
