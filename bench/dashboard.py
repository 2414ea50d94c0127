"""Benchmark: ``GET /me/`` for the ten-year runner (issue 10, "Speed"): under 200 ms.

The synthetic runner of ``bench/analysis.py`` (5,000 runs and a diary) is written
to a fresh store through the runners services, on SQLite and on PostgreSQL, then
the whole request is timed through Django's test client (URL resolution, the
session and the login, the as-of day's aggregates, the analysis, the template):
**cold** with the cache emptied before each request (every query plus the
analysis), **warm** with the analysis in the cache.  The clock is set to the
runner's last day, as on a day they use the app.  Best of ``REPEAT``.

Each database runs in its own process (``python -m bench.dashboard URL``), since
Django is configured once per process.

    .venv/bin/python -m bench.dashboard
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from typing import Any

from bench.store_analysis import PG_BENCH_DB
from bench.stores import on_both_databases

BAR_MS = 200.0
REPEAT = 7


def measure() -> dict[str, Any]:
    """In a process whose environment chose the database: store, then time."""
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    import time_machine
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from stridelight.runners.data_cache import forget_all

    # The production static storage (hashed names from a manifest), as served.
    call_command("collectstatic", interactive=False, verbosity=0)

    from bench.analysis import AS_OF, synthetic_runner
    from bench.store_analysis import store_runner

    data = synthetic_runner()
    user, stored_s = store_runner(data)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    noon = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 12).astimezone(
        data.profile.zone
    )
    cold: list[tuple[float, float]] = []
    kept: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    with time_machine.travel(noon, tick=True):
        client.get("/me/")  # imports, template loading: once per process
        for _ in range(REPEAT):
            cache.clear()
            forget_all()  # nor the runner's base in memory
            cold.append(_timed(client, "/me/"))
            warm.append(_timed(client, "/me/"))
            # The first visit after a check-in refreshed elsewhere: no analysis
            # cached, the base and today's workouts' side still in this process.
            cache.clear()
            kept.append(_timed(client, "/me/"))
    return {
        "runs": len(data.workouts),
        "stored_s": stored_s,
        **_figures("cold", cold),
        **_figures("kept", kept),
        **_figures("warm", warm),
    }


def _timed(client: Any, url: str) -> tuple[float, float]:
    """Wall-clock and this process's CPU seconds of one request.

    On a shared machine the wall clock also counts time spent waiting for a
    core; the CPU time does not (but leaves out PostgreSQL's own process).
    """
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def _figures(name: str, runs: list[tuple[float, float]]) -> dict[str, float]:
    wall = sorted(w for w, _ in runs)
    return {
        f"{name}_ms": wall[0] * 1000,
        f"{name}_median_ms": wall[len(wall) // 2] * 1000,
        f"{name}_cpu_ms": min(c for _, c in runs) * 1000,
    }


def bench() -> dict[str, dict[str, Any]]:
    return on_both_databases("bench.dashboard", PG_BENCH_DB)


def section() -> tuple[str, str]:
    """The ``docs/benchmarks.md`` section (see ``bench/run.py``)."""
    results = bench()
    lines = [
        f"`GET /me/` for the ten-year runner above, through Django's test client: "
        f"the whole server side (session, login, the as-of day from one query, "
        f"the analysis, the template). **cold**: cache emptied before "
        f"the request, and nothing kept in the process' memory; **cold, base in "
        f"memory**: no analysis cached, but the runner's workouts, shoes, habits, "
        f"screenings and sessions kept by this process with the workouts' side of "
        f"the same day's analysis (`runners.data_cache`: a visit after a check-in "
        f"whose refresh ran in another process), so only the diary is read and its "
        f"part analysed; **warm**: the analysis from the cache. Wall "
        f"clock best of "
        f"{REPEAT} (median in brackets), and the web process's CPU time (best of "
        f"{REPEAT}; without PostgreSQL's own process), which a busy machine "
        "inflates less.",
        "",
        "| database | cold | cold CPU | cold, base in memory | its CPU | warm "
        "| warm CPU | bar (< 200 ms, wall) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        met = r["cold_ms"] < BAR_MS and r["warm_ms"] < BAR_MS
        lines.append(
            f"| {name} | {r['cold_ms']:.0f} ms ({r['cold_median_ms']:.0f}) "
            f"| {r['cold_cpu_ms']:.0f} ms "
            f"| {r['kept_ms']:.0f} ms ({r['kept_median_ms']:.0f}) "
            f"| {r['kept_cpu_ms']:.0f} ms "
            f"| {r['warm_ms']:.1f} ms ({r['warm_median_ms']:.1f}) "
            f"| {r['warm_cpu_ms']:.1f} ms | {'met' if met else '**not met**'} |"
        )
    return "The dashboard, /me/", "\n".join(lines)


__all__ = ["bench", "measure", "section"]

if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    else:
        print(json.dumps(bench(), indent=2))
