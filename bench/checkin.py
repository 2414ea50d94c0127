"""Benchmark: the check-in page and its POST for the ten-year runner (issue 10).

The synthetic runner of ``bench/analysis.py`` (5,000 runs, 3,000 aches, a
diary) is written to a fresh store, on SQLite and on PostgreSQL, each database
in its own process (Django is configured once per process).  The page is asked
for through Django's test client, so the time is the server's: middleware,
session, the view's queries and the template, no network.  Bars: the page
under 50 ms; a POST under 100 ms *including the analysis refresh* (the view
refreshes it in the request: the runner's base from this process's memory, the
diary from the rows, ``runners.data_cache``); also timed: the POST when this
process keeps nothing for the runner (its first check-in here: every row
read), the POST without the refresh, and a full refresh alone (nothing in
memory).  Best of ``REPEAT`` after a warm-up.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

from bench.store_analysis import CHECKOUT
from bench.stores import on_both_databases, settled

PAGE_BAR_MS = 50.0
POST_BAR_MS = 100.0
REPEAT = 30
#: This checkout's own database (as ``bench.store_analysis``'s).
PG_BENCH_DB = f"stridelight_bench_checkin_{CHECKOUT[:8]}"
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


def _store(data: Any) -> Any:
    """The runner's rows, the activities in one insert (the timing is not about
    writing them)."""
    from stridelight.accounts.models import User
    from stridelight.runners import models as m
    from stridelight.runners import services
    from stridelight.runners.rows import activity_row

    user = User.objects.create_user("bench@example.com", "long and unusual phrase")
    runner = services.runner_for(user)
    services.journal_replace(runner=runner, journal=data.journal)
    shoes = dict(m.Shoe.objects.filter(runner=runner).values_list("key", "id"))
    m.Activity.objects.bulk_create(
        activity_row(
            runner=runner,
            workout=w,
            original=services.OriginalFile(
                sha256=hashlib.sha256(w.id.encode()).hexdigest(), format="fit"
            ),
            shoe_id=shoes.get(w.shoe) if w.shoe else None,
        )
        for w in data.workouts
    )
    services.data_changed(runner)
    settled()
    return user


def _best_ms(
    call: Callable[[], Any],
    repeat: int = REPEAT,
    setup: Callable[[], Any] = lambda: None,
) -> float:
    """Best wall time of ``call`` (``setup`` before each, untimed); the CPU time
    of the same run goes to ``CPU_MS``."""
    call()  # warm-up: templates compiled, modules imported
    times = []
    for _ in range(repeat):
        setup()
        started, cpu = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - started, time.process_time() - cpu))
    wall, cpu_s = min(times)
    CPU_MS.append(cpu_s * 1000)
    return wall * 1000


#: The web process's CPU time in each best run, in order: on a loaded machine
#: (other processes on the cores) it is the steadier figure; it leaves out
#: PostgreSQL's own process.
CPU_MS: list[float] = []


def _posted(client: Any, expect: int = 302) -> Callable[[], None]:
    form = {
        "ache-TOTAL_FORMS": "1",
        "ache-INITIAL_FORMS": "0",
        "ache-0-region": "heel",
        "ache-0-side": "left",
        "ache-0-intensity": "3",
        "ache-0-timing": "after_run",
        "none_apply": "on",
    }

    def post() -> None:
        response = client.post("/me/check-in/", form)
        assert response.status_code == expect, response.status_code

    return post


def _got(client: Any, url: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return get


def measure() -> dict[str, Any]:
    """In a process whose environment chose the database: store, then time."""
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    import time_machine
    from django.core.management import call_command
    from django.test import Client

    # The pages name their static files through the manifest, as in production.
    call_command("collectstatic", "--noinput", verbosity=0)

    from bench.analysis import AS_OF, synthetic_runner
    from stridelight.runners.analysis import refresh
    from stridelight.runners.data_cache import forget_all, wait_for_warming

    data = synthetic_runner()
    user = _store(data)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    morning = datetime.combine(AS_OF + timedelta(days=1), datetime.min.time(), UTC)
    with time_machine.travel(morning.replace(hour=8), tick=True):
        today = AS_OF + timedelta(days=1)
        post = _posted(client)

        def first_post() -> None:
            forget_all()  # as in a process that never read this runner
            post()

        def page_seen() -> None:
            """A process that never read this runner draws the check-in page
            (which has it read the base on a thread), and the runner taps."""
            forget_all()
            _got(client, "/me/check-in/")()
            wait_for_warming()

        def full_refresh() -> None:
            forget_all()
            refresh(user=user, as_of=today)

        result = {
            "runs": len(data.workouts),
            "aches": len(data.aches),
            "page_ms": _best_ms(_got(client, "/me/check-in/")),
            "repeat_ms": _best_ms(_got(client, "/me/check-in/?repeat=last")),
            "post_refresh_ms": _best_ms(post),
            "post_first_ms": _best_ms(first_post, 9),
            "post_after_page_ms": _best_ms(post, 9, setup=page_seen),
            "refresh_ms": _best_ms(full_refresh, 9),
        }
        with mock.patch("stridelight.runners.views_checkin.refresh"):
            result["post_only_ms"] = _best_ms(post)
    names = (
        "page",
        "repeat",
        "post_refresh",
        "post_first",
        "post_after_page",
        "refresh",
        "post_only",
    )
    result.update({f"{n}_cpu_ms": ms for n, ms in zip(names, CPU_MS, strict=True)})
    result["load"] = os.getloadavg()[0]
    return result


def bench() -> dict[str, dict[str, Any]]:
    return on_both_databases(
        "bench.checkin", PG_BENCH_DB, STRIDELIGHT_TASKS_BACKEND=IMMEDIATE
    )


def _verdict(ms: float, bar: float) -> str:
    return "met" if ms < bar else "**not met**"


def section() -> tuple[str, str]:
    """The ``docs/benchmarks.md`` section (see ``bench/run.py``)."""
    results = bench()
    any_run = next(iter(results.values()))
    lines = [
        f"`/me/check-in/` for the ten-year runner above ({any_run['runs']:,} runs, "
        f"{any_run['aches']:,} aches), through Django's test client (server time: "
        f"middleware, session, queries, template; no network); best of {REPEAT} "
        "after a warm-up.  **POST + refresh**: one ache and the six answers saved "
        "and the analysis computed again inside the request, the runner's base "
        "(workouts, shoes, habits, screenings, sessions) from this process's "
        "memory and the diary (aches, check-ins) from the rows "
        "(`runners.data_cache`); **first POST here**: the same when this process "
        "keeps nothing for the runner and did not draw the page (every row read; "
        "best of 9); **POST after the page**: the same process drew the "
        "check-in page first, which has it read the runner's base on a thread "
        "while they tap (`data_cache.warm_soon`; best of 9); **POST "
        "alone**: the refresh left out; **full refresh alone**: the analysis "
        "from every row (best of 9).",
        "",
        "Each cell: wall time (the web process's CPU time in that run).",
        "",
        "| database | page | page, same as yesterday | POST + refresh | "
        "first POST here | POST after the page | POST alone | full refresh alone "
        "| page < 50 ms | POST + refresh < 100 ms (the page's process) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        cells = [
            f"{r[f'{n}_ms']:.1f} ms ({r[f'{n}_cpu_ms']:.1f})"
            for n in (
                "page",
                "repeat",
                "post_refresh",
                "post_first",
                "post_after_page",
                "post_only",
                "refresh",
            )
        ]
        lines.append(
            f"| {name} | {' | '.join(cells)} | {_verdict(r['page_ms'], PAGE_BAR_MS)} "
            f"| {_verdict(max(r['post_refresh_ms'], r['post_after_page_ms']), POST_BAR_MS)} |"
        )
    loads = ", ".join(f"{r['load']:.1f}" for r in results.values())
    lines += [
        "",
        f"Load average (1 min) at the end of each run: {loads}.",
        "",
        "The bar is judged on the POSTs a runner sends from the page: answered by "
        "the process that drew it (`stridelight serve` runs one process by "
        "default; with several, a balancer's sticky sessions keep a runner on "
        "one). A POST that reaches a process which never read the runner reads "
        "every row first: the *first POST here* column.",
    ]
    return "Check-in page", "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    else:
        print(json.dumps(bench(), indent=2))
