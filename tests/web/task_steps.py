"""Steps of the worker tests, each run as its own process on an embedded store.

``python -m tests.web.task_steps enqueue`` stores the demo runner and enqueues
the refresh of their analysis (printing the task's id); ``… result ID`` prints
the task's status, return value and whether the analysis is in the cache, as
JSON.  ``… import-enqueue FOLDER`` caches the analysis of a runner with no data
yet and enqueues the import of ``FOLDER`` (printing the task's id and that
analysis' cache key); ``… import-result ID KEY`` prints the task's status, the
activities stored and what the cache holds.  The queue is whatever the
environment chooses (database or rq).
"""

from __future__ import annotations

import json
import sys
from datetime import date

from stridelight.web.bootstrap import ensure_database

DEMO_ON = date(2026, 11, 18)
EMAIL = "ann@example.com"


def enqueue() -> str:
    from django.core.cache import cache

    from stridelight.runners.tasks import refresh_analysis
    from tests.conftest import ROOT
    from tests.web.store import a_runner
    from tests.web.stored import store_bundle

    user = a_runner(EMAIL)
    store_bundle(user, ROOT / "samples" / "demo-runner")
    cache.clear()
    return refresh_analysis.enqueue(user.pk, DEMO_ON.isoformat()).id


def result(task_id: str) -> dict[str, object]:
    from django.core.cache import cache

    from stridelight.accounts.models import User
    from stridelight.core.thresholds import DEFAULTS
    from stridelight.runners.analysis import cache_key
    from stridelight.runners.tasks import refresh_analysis

    done = refresh_analysis.get_result(task_id)
    runner = User.objects.get(email=EMAIL).runner
    key = cache_key(runner, DEMO_ON, DEFAULTS, None)
    return {
        "status": str(done.status),
        "return_value": done.return_value if done.is_finished else None,
        "data_version": runner.data_version,
        "cached": cache.get(key) is not None,
    }


def import_enqueue(folder: str) -> dict[str, object]:
    from stridelight.core.thresholds import DEFAULTS
    from stridelight.runners.analysis import analysis, cache_key
    from stridelight.runners.services import runner_for
    from stridelight.runners.tasks import import_task
    from tests.web.store import a_runner

    user = a_runner(EMAIL)
    runner = runner_for(user)
    before = analysis(user=user, as_of=DEMO_ON)  # cached, as a page would
    queued = import_task.enqueue(user.pk, [folder], DEMO_ON.isoformat())
    return {
        "task": queued.id,
        "key": cache_key(runner, DEMO_ON, DEFAULTS, None),
        "activities_before": before.data.activities,
    }


def import_result(task_id: str, key_before: str) -> dict[str, object]:
    from django.core.cache import cache

    from stridelight.accounts.models import User
    from stridelight.core.results import Analysis
    from stridelight.core.thresholds import DEFAULTS
    from stridelight.runners.analysis import cache_key
    from stridelight.runners.tasks import import_task

    done = import_task.get_result(task_id)
    runner = User.objects.get(email=EMAIL).runner
    cached = cache.get(cache_key(runner, DEMO_ON, DEFAULTS, None))
    return {
        "status": str(done.status),
        "errors": [str(e.traceback) for e in done.errors],
        "paths": sorted(runner.activity_set.values_list("path", flat=True)),
        "key_now": cache_key(runner, DEMO_ON, DEFAULTS, None),
        "key_before": key_before,
        "cached_activities": (
            cached.data.activities if isinstance(cached, Analysis) else None
        ),
    }


if __name__ == "__main__":
    ensure_database()
    if sys.argv[1] == "enqueue":
        sys.stdout.write(enqueue() + "\n")
    elif sys.argv[1] == "import-enqueue":
        sys.stdout.write(json.dumps(import_enqueue(sys.argv[2])) + "\n")
    elif sys.argv[1] == "import-result":
        outcome = import_result(sys.argv[2], sys.argv[3])
        sys.stdout.write(json.dumps(outcome) + "\n")
    else:
        sys.stdout.write(json.dumps(result(sys.argv[2])) + "\n")
