"""Starting Django from the command line, and the embedded database's first use.

The store's commands call :func:`ensure_database` before anything else, so a
newcomer never runs ``migrate``: the SQLite file (or a fresh PostgreSQL
database) is created and brought up to date on first use, and later runs find
nothing to do.
"""

from __future__ import annotations

import os
from pathlib import Path

SETTINGS_MODULE = "stridelight.web.settings"


def setup_django() -> None:
    """Configure Django once per process (a second call does nothing)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def ensure_database() -> None:
    """Create the database's tables, or bring them up to date, when needed."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    folder = os.path.dirname(database["NAME"])
    if database["ENGINE"].endswith("sqlite3") and folder:
        # SQLite creates the file, not the folder it goes in (an in-memory
        # database, as in the tests, has none).
        os.makedirs(folder, exist_ok=True)
    if unapplied_migrations():
        call_command("migrate", interactive=False, verbosity=0)


def unapplied_migrations() -> list[str]:
    """The migrations the database still lacks, as ``app.name``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def collect_static() -> None:
    """Gather the static files WhiteNoise serves, when they changed since last time.

    Collecting compresses and hashes every file (seconds to tens of seconds on a
    busy machine), so ``serve`` skips it while the sources are as they were.
    """
    from django.conf import settings
    from django.core.management import call_command

    stamp = Path(settings.STATIC_ROOT) / ".sources"
    sources = _static_sources()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == sources:
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(sources, encoding="utf-8")


def _static_sources() -> str:
    """Every static source file with its size and time: changes when any does."""
    from django.contrib.staticfiles.finders import get_finders

    lines = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            full = Path(storage.path(path))
            info = full.stat()
            lines.append(f"{path} {info.st_size} {info.st_mtime_ns}")
    return "\n".join(sorted(lines))
