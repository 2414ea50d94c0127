"""Benchmark: a ten-year runner's analysis read from the store (issue 9, "Speed").

The synthetic runner of ``bench/analysis.py`` (5,000 runs and a diary) is written
to a fresh store through the runners services, on SQLite and on PostgreSQL, then
``runners.analysis.analysis(user, as_of)`` is timed cold (cache emptied: every
query plus the analysis) and warm (from the cache).  Bar: cold under 150 ms.

Each database has its own processes, since Django is configured once per
process: one writes the runner (``--store``), a new one times the reads
(``--measure``), as a web worker would.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.stores import on_both_databases, settled

BAR_MS = 150.0
REPEAT = 9
#: This checkout's own database: two checkouts benchmarking at once must not
#: drop each other's (as the tests' databases, tests/django_settings.py).
CHECKOUT = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()
PG_BENCH_DB = f"stridelight_bench_analysis_{CHECKOUT[:8]}"
EMAIL = "bench@example.com"


def store() -> dict[str, Any]:
    """In a process whose environment chose the database: write the runner."""
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    from bench.analysis import synthetic_runner

    data = synthetic_runner()
    _, stored_s = store_runner(data)
    return {
        "runs": len(data.workouts),
        "aches": len(data.aches),
        "habits": len(data.habits),
        "stored_s": stored_s,
    }


def store_runner(data: Any) -> tuple[Any, float]:
    """The runner written through the services (as an import does); the seconds
    taken.  The page benchmarks (bench/dashboard.py…) store theirs with it too."""
    from stridelight.accounts.models import User
    from stridelight.runners import services

    user = User.objects.create_user(EMAIL, "long and unusual phrase")
    runner = services.runner_for(user)
    started = time.perf_counter()
    services.journal_replace(runner=runner, journal=data.journal)
    for workout in data.workouts:
        sha = hashlib.sha256(workout.id.encode()).hexdigest()
        original = services.OriginalFile(sha256=sha, format="fit")
        services.activity_create(runner=runner, workout=workout, original=original)
    stored_s = time.perf_counter() - started
    settled()
    return user, stored_s


def measure() -> dict[str, Any]:
    """In a new process, as a web worker would read it: time the stored runner.

    Not in the process that wrote it: on a loaded machine the scheduler gives a
    process that has just run for minutes a smaller share (times there were
    several times those of a fresh process), and its heap is not a web worker's.
    """
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    from django.core.cache import cache

    from bench.analysis import AS_OF
    from stridelight.accounts.models import User
    from stridelight.runners.analysis import analysis
    from stridelight.runners.data_cache import collector_paused, forget_all
    from stridelight.runners.selectors import runner_data

    user = User.objects.get(email=EMAIL)
    cold, warm, rows = [], [], []
    for _ in range(REPEAT):
        cache.clear()
        forget_all()  # nor the runner's base in memory
        cold.append(_timed(lambda: analysis(user=user, as_of=AS_OF)))
        warm.append(_timed(lambda: analysis(user=user, as_of=AS_OF)))
        with collector_paused():  # as analysis() reads them
            rows.append(_timed(lambda: runner_data(user)))
    cache.clear()
    forget_all()  # nor the runner's base in memory
    queries, calls = _counted(lambda: analysis(user=user, as_of=AS_OF))
    return {
        "queries": queries,
        "calls": calls,
        "cold_ms": min(cold) * 1000,
        "warm_ms": min(warm) * 1000,
        "rows_ms": min(rows) * 1000,
    }


def _counted(call: Any) -> tuple[int, int]:
    """Queries sent and Python function calls made by ``call``: unlike its time,
    the same however loaded the machine is, so progress shows on a busy one."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profile.runcall(call)
    calls: int = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return len(queries.captured_queries), calls


def _timed(call: Any) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def bench() -> dict[str, dict[str, Any]]:
    return on_both_databases(
        "bench.store_analysis", PG_BENCH_DB, steps=("--store", "--measure")
    )


def section() -> tuple[str, str]:
    """The ``docs/benchmarks.md`` section (see ``bench/run.py``)."""
    results = bench()
    any_run = next(iter(results.values()))
    lines = [
        f"`runners.analysis.analysis(user, as_of)` for the ten-year runner above "
        f"({any_run['runs']:,} runs, {any_run['aches']:,} aches, "
        f"{any_run['habits']:,} habit entries) stored in a fresh database through "
        f"the services: **cold** is every query plus the analysis (cache emptied), "
        f"**warm** is read from the cache (files in the data folder); **rows** is "
        f"the part of cold that reads the rows as core objects "
        f"(`selectors.runner_data`), the rest is the analysis itself; best of "
        f"{REPEAT}.",
        "",
        "| database | cold | of which rows | warm | bar (cold < 150 ms) "
        "| queries | Python calls (cold) | writing the runner |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        verdict = "met" if r["cold_ms"] < BAR_MS else "**not met**"
        lines.append(
            f"| {name} | {r['cold_ms']:.0f} ms | {r['rows_ms']:.0f} ms "
            f"| {r['warm_ms']:.1f} ms | {verdict} | {r['queries']} "
            f"| {r['calls']:,} | {r['stored_s']:.1f} s (one row at a time) |"
        )
    lines += [
        "",
        "**Queries** and **Python calls** (function calls counted by cProfile "
        "in one cold analysis) do not depend on how loaded the machine is: they "
        "show progress when the times cannot.",
        "",
        "Where cold goes: reading the rows (the drivers' parsing of some "
        "20,000 rows and building as many frozen core objects, 1-3 µs each), "
        "`core.analysis.analyze`, and writing the result to the file cache "
        "(pickled, ~300 kB, compressed at zlib level 1 by "
        "`web.cache.FastFileCache`: 2.5 ms, where Django's level 6 took 14). "
        "Core compares moments with UTC bounds (`as_of.local_window`) rather "
        "than across zones or through each entry's local day.  Phase 2's "
        "selector built model instances and decoded every JSON column: 606 ms "
        "cold on SQLite, 546 ms on PostgreSQL.",
    ]
    return "Analysis from the store", "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--store"]:
        print(json.dumps(store()))
    elif sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    else:
        print(json.dumps(bench(), indent=2))
