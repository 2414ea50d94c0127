"""Benchmark: the booking API (issue 13, "Speed").

* ``/api/v1/slots`` for one day of a service with 10 therapists and a 90-day
  horizon, three appointments a day already on every therapist's weekdays:
  server time (Django's test client in process: URL routing, middleware, the
  rate-limit count in the file cache, the queries, the slots, the JSON).
  Bar: under 30 ms.
* 30 concurrent bookings of one slot through the real server (gunicorn,
  3 processes × 10 threads): from the moment all 30 are released until the
  last answer.  Bar: settled in under 2 s, one 201 and 29 × 409.

Each database runs in its own process (``python -m bench.clinic --measure``).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.stores import on_both_databases

SLOTS_BAR_MS = 30.0
RACE_BAR_S = 2.0
THERAPISTS = 10
REPEAT = 30
RACES = 5
RACERS = 30
PG_BENCH_DB = "stridelight_bench_clinic"
NY = ZoneInfo("America/New_York")


def _clinic() -> tuple[Any, list[Any]]:
    """A 90-day service, 10 therapists on weekdays 08:00-18:00, three
    appointments on each of their days already."""
    from stridelight.accounts.models import Role, User
    from stridelight.clinic import models as m
    from stridelight.clinic.services import token_hash

    service = m.Service.objects.create(
        slug="mfr-bench", name="MFR", minutes=60, buffer_before_minutes=10,
        buffer_after_minutes=15, min_notice_minutes=720, horizon_days=90,
    )  # fmt: skip
    therapists = []
    for n in range(THERAPISTS):
        user = User.objects.create_user(f"t{n}@bench.example", "x", role=Role.THERAPIST)
        therapist = m.Therapist.objects.create(user=user, display_name=f"T{n:02d}")
        therapist.services.add(service)
        m.WeeklyHours.objects.bulk_create(
            m.WeeklyHours(therapist=therapist, weekday=d, start=clock(8), end=clock(18))
            for d in range(5)
        )
        therapists.append(therapist)
    today = datetime.now(NY).date()
    rows = []
    for therapist in therapists:
        for offset in range(1, 91):
            day = today + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for hour in (9, 12, 15):
                start = datetime.combine(day, clock(hour), NY)
                rows.append(m.Appointment(
                    service=service, therapist=therapist, start=start,
                    end=start + timedelta(hours=1),
                    blocked_start=start - timedelta(minutes=10),
                    blocked_end=start + timedelta(minutes=75),
                    client_name="C", client_email="c@example.com", client_phone="7185550101",
                    manage_token_hash=token_hash(f"{therapist.pk}-{start.isoformat()}"),
                ))  # fmt: skip
    m.Appointment.objects.bulk_create(rows, batch_size=500)
    return service, therapists


def _weekday_ahead(days: int) -> date:
    day = datetime.now(NY).date() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _time_slots(service: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from stridelight.web.ratelimit import retry_after

    client = Client(HTTP_HOST="localhost")
    url = f"/api/v1/slots?service={service.slug}&date={_weekday_ahead(45)}"
    times, cpu, counting = [], [], []
    for _ in range(REPEAT):
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = client.get(url)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert answer.status_code == 200, answer.content
        # The rate limit's share: one count in the file cache (a file written).
        started = time.perf_counter()
        retry_after("read", "bench", now=time.time())
        counting.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        slots = client.get(url).json()["slots"]
    return {
        "slots_best_ms": min(times) * 1000,
        "slots_median_ms": statistics.median(times) * 1000,
        "slots_cpu_median_ms": statistics.median(cpu) * 1000,
        "ratelimit_median_ms": statistics.median(counting) * 1000,
        "slots_offered": len(slots),
        "slots_queries": len(queries),
    }


def _races(service: Any, therapists: list[Any]) -> dict[str, Any]:
    from django.utils import timezone
    from tests.web.http_server import post_all_at_once, running_server

    from stridelight.clinic.selectors import free_slots

    settled, outcomes = [], []
    with (
        tempfile.TemporaryDirectory() as data_dir,
        running_server(Path(data_dir)) as base,
    ):
        for race in range(RACES):
            # A slot still free: each race on its own day, the first therapist.
            start = free_slots(
                service=service,
                day=_weekday_ahead(30 + 2 * race),
                now=timezone.now(),
                therapist=therapists[0],
            )[0].start
            bodies = [
                {"service": service.slug, "start": start.isoformat(),
                 "therapist": therapists[0].pk, "name": "R",
                 "email": f"r{race}-{n}@example.com", "phone": "7185550101"}
                for n in range(RACERS)
            ]  # fmt: skip
            started = time.perf_counter()
            answers = post_all_at_once(f"{base}/api/v1/bookings", bodies)
            settled.append(time.perf_counter() - started)
            outcomes.append(dict(Counter(code for code, _ in answers)))
    return {
        "race_best_s": min(settled),
        "race_median_s": statistics.median(settled),
        "race_outcomes": outcomes,
    }


def measure() -> dict[str, Any]:
    """In a process whose environment chose the database: build, then time."""
    from stridelight.web.bootstrap import ensure_database

    ensure_database()
    service, therapists = _clinic()
    return {**_time_slots(service), **_races(service, therapists)}


def bench() -> dict[str, dict[str, Any]]:
    return on_both_databases(
        "bench.clinic", PG_BENCH_DB, STRIDELIGHT_API_READS_PER_MINUTE="100000"
    )


def section() -> tuple[str, str]:
    """The ``docs/benchmarks.md`` section (see ``bench/run.py``)."""
    results = bench()
    lines = [
        f"`GET /api/v1/slots` for one weekday 45 days ahead of a 60-minute service "
        f"with buffers, {THERAPISTS} therapists (weekdays 08:00-18:00), a 90-day "
        f"horizon and three appointments on every therapist's day already: server "
        f"time in process, best and median of {REPEAT}; **cpu** is this process's "
        f"CPU time (median; the database server's work and waiting for a core are "
        f"not in it); **count** is the rate limit's part (one counter written to "
        f"the file cache; Redis in larger deployments).  Then {RACERS} concurrent "
        f"bookings of one slot through gunicorn (3 processes × 10 threads) on the "
        f"same database: from release to the last answer, {RACES} races.",
        "",
        "| database | slots best | slots median | cpu | count | queries "
        "| bar (< 30 ms) | race best | race median | outcomes | bar (< 2 s) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        slots_ok = "met" if r["slots_median_ms"] < SLOTS_BAR_MS else "**not met**"
        race_ok = "met" if r["race_median_s"] < RACE_BAR_S else "**not met**"
        distinct = {
            ", ".join(f"{n}×{code}" for code, n in sorted(o.items()))
            for o in r["race_outcomes"]
        }
        outcomes = " / ".join(sorted(distinct)) + (
            " (every race)" if len(distinct) == 1 else ""
        )
        lines.append(
            f"| {name} | {r['slots_best_ms']:.1f} ms | {r['slots_median_ms']:.1f} ms "
            f"| {r['slots_cpu_median_ms']:.1f} ms | {r['ratelimit_median_ms']:.1f} ms "
            f"| {r['slots_queries']} | {slots_ok} | {r['race_best_s']:.2f} s "
            f"| {r['race_median_s']:.2f} s | {outcomes} | {race_ok} |"
        )
    return "Clinic booking API", "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    elif sys.argv[1:] == ["--section"]:  # the docs/benchmarks.md section alone
        title, body = section()
        print(f"## {title}\n\n{body}")
    else:
        print(json.dumps(bench(), indent=2))
