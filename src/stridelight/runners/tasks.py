"""Background work on a runner's data (django-tasks; ``stridelight worker`` runs it).

Arguments are plain JSON (ids, ISO dates, paths as text): a task waits in the
database or in Redis until a worker, maybe on another machine, picks it up.
"""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any

from django_tasks import task

from stridelight.accounts.models import User
from stridelight.runners.analysis import refresh


@task()
def refresh_analysis(user_id: int, as_of: str) -> dict[str, Any]:
    """Compute a runner's analysis as of a day (``YYYY-MM-DD``) and keep it in the
    cache, so the next page that asks for it finds it ready.

    Returns what was computed: the runner's data version it stands on and each
    cause's level.
    """
    user = User.objects.get(pk=user_id)
    result = refresh(user=user, as_of=date.fromisoformat(as_of))
    version = User.objects.filter(pk=user_id).values_list(
        "runner__data_version", flat=True
    )
    return {
        "user": user_id,
        "as_of": result.as_of.isoformat(),
        "data_version": version.first(),
        "causes": {c.id: c.level for c in result.causes},
    }


@task()
def import_task(user_id: int, sources: list[str], as_of: str | None = None) -> None:
    """Import files, folders or exports into a runner's store, then refresh their
    analysis (as of ``as_of``, when given).

    The import service lives in ``runners.imports``; it is looked up when the
    task runs, so this module loads without it.
    """
    imports = importlib.import_module("stridelight.runners.imports")
    user = User.objects.get(pk=user_id)
    imports.import_sources(user=user, sources=[Path(s) for s in sources])
    if as_of is not None:
        refresh(user=user, as_of=date.fromisoformat(as_of))


@task()
def upload_import_task(upload_id: int) -> None:
    """Import the files of an upload from /me/uploads/, writing its progress.

    Looked up when the task runs, as above (``runners.uploads``).
    """
    uploads = importlib.import_module("stridelight.runners.uploads")
    uploads.upload_import(upload_id=upload_id)
