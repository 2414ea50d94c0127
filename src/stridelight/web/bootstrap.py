"""Starting Django from the command line, and the embedded database's first use.

The store's commands call :func:`ensure_database` before anything else, so a
newcomer never runs ``migrate``: the SQLite file (or a fresh PostgreSQL
database) is created and brought up to date on first use, and later runs find
nothing to do.
"""

from __future__ import annotations

import os

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
    if database["ENGINE"].endswith("sqlite3"):
        # SQLite creates the file, not the folder it goes in.
        os.makedirs(os.path.dirname(database["NAME"]), exist_ok=True)
    if unapplied_migrations():
        call_command("migrate", interactive=False, verbosity=0)


def unapplied_migrations() -> list[str]:
    """The migrations the database still lacks, as ``app.name``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
