"""Benchmark: the activity pages' server time (issue 10, /me/activities/).

The detail page reads the original file back from the store and decodes it, then
projects and simplifies the route and slices the samples for the charts: timed on
the largest real FIT file (``muktihari-fit__big_activity.fit``) and on a run of the
demo runner, with the list page beside them, through Django's test client (the
whole request, template included; no network).  Best of :data:`REPEAT`.  No bar is
set by the issue; the figures say what a page costs.

Each database runs in its own process (``python -m bench.activity_pages URL``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.stores import on_both_databases

REPEAT = 5
PG_BENCH_DB = "stridelight_bench_activity_pages"
ROOT = Path(__file__).resolve().parent.parent
BIG_FIT = (
    ROOT.parent / "shared" / "data" / "real" / "fit" / "muktihari-fit__big_activity.fit"
)
DEMO = ROOT / "samples" / "demo-runner"


def measure() -> dict[str, Any]:
    """In a process whose environment chose the database: import, then time."""
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    from django.core.management import call_command
    from django.test import Client

    # The production settings serve hashed static names from the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)

    from stridelight.accounts.models import User
    from stridelight.runners import models as m
    from stridelight.runners.services import import_sources

    user = User.objects.create_user("bench@example.com", "long and unusual phrase")
    import_sources(user=user, sources=[DEMO, BIG_FIT], workers=0)
    client = Client()
    client.force_login(user)
    big = m.Activity.objects.get(path=BIG_FIT.name)
    demo_run = m.Activity.objects.filter(path__endswith="2026-11-15-long.fit.gz").get()

    def best(url: str) -> float:
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, url
        return min(times) * 1000

    return {
        "big_samples": big.samples,
        "demo_samples": demo_run.samples,
        "big_ms": best(f"/me/activities/{big.pk}/"),
        "demo_ms": best(f"/me/activities/{demo_run.pk}/"),
        "list_ms": best("/me/activities/"),
        "activities": m.Activity.objects.count(),
    }


def bench() -> dict[str, dict[str, Any]]:
    return on_both_databases(
        "bench.activity_pages", PG_BENCH_DB, ALLOWED_HOSTS="testserver"
    )


def section() -> tuple[str, str]:
    """The ``docs/benchmarks.md`` section (see ``bench/run.py``)."""
    results = bench()
    first = next(iter(results.values()))
    lines = [
        "Server time of the runner's activity pages through Django's test client "
        f"(whole request and template), best of {REPEAT}. The detail page decodes "
        "the stored original each time: the largest real FIT file "
        f"({first['big_samples']:,} samples) and a demo run "
        f"({first['demo_samples']:,} samples); the list is its first page of "
        f"{first['activities']} activities.",
        "",
        "| database | detail, largest file | detail, demo run | list |",
        "|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['big_ms']:.0f} ms | {r['demo_ms']:.0f} ms "
            f"| {r['list_ms']:.0f} ms |"
        )
    return "Activity pages", "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    else:
        print(json.dumps(bench(), indent=2))
