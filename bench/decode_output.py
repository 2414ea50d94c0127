"""``decode`` output: records as JSON lines and CSV, against the plain-Python way.

The input is a real one-second recording of a 2 h 40 min mountain run
(``sports-lib__suunto-uphill.fit``, 9,543 records). Stridelight's formatter
writes whole columns at once; the peer is what one writes first: a dict per
record through ``json.dumps`` (and the csv module). Best of 3, one process.
Both sides produce the same records; the check below compares them.

    .venv/bin/python -m bench.decode_output
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bench.importers import REAL
from stridelight import cli_output
from stridelight.core.activity import COLUMNS, Activity
from stridelight.importers import read

FILE = REAL / "fit" / "sports-lib__suunto-uphill.fit"
ROUNDS = 3


def _plain_records(activity: Activity) -> list[dict[str, object]]:
    columns = {name: activity.samples[name].tolist() for name in COLUMNS}
    out = []
    for i in range(activity.records):
        row: dict[str, object] = {}
        for name in COLUMNS:
            value = columns[name][i]
            if math.isnan(value):
                row[name] = None
            elif name == "t":
                moment = datetime.fromtimestamp(value, tz=UTC)
                row[name] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
            else:
                row[name] = round(value, 7 if name in ("lat", "lon") else 3)
        out.append(row)
    return out


def plain_jsonl(activity: Activity) -> str:
    return "".join(json.dumps(r) + "\n" for r in _plain_records(activity))


def plain_csv(activity: Activity) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(_plain_records(activity))
    return buffer.getvalue()


def _best(work: Callable[[], str]) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_output() -> dict[str, float]:
    activity = read(FILE)
    ours = [
        json.loads(line) for line in cli_output.records_jsonl(activity).splitlines()
    ]
    theirs = [json.loads(line) for line in plain_jsonl(activity).splitlines()]
    assert len(ours) == len(theirs) == activity.records
    assert [r["t"] for r in ours] == [r["t"] for r in theirs]
    return {
        "records": float(activity.records),
        "jsonl": _best(lambda: cli_output.records_jsonl(activity)),
        "jsonl_plain": _best(lambda: plain_jsonl(activity)),
        "csv": _best(lambda: cli_output.records_csv(activity, header=True)),
        "csv_plain": _best(lambda: plain_csv(activity)),
    }


def section() -> tuple[str, str]:
    """The ``docs/benchmarks.md`` section (see ``bench/run.py``)."""
    r = bench_output()
    n = int(r["records"])
    lines = [
        f"`decode` formatting of a real one-second recording ({n:,} records, "
        "`sports-lib__suunto-uphill.fit`), best of 3, against a dict per record "
        "through `json.dumps` / `csv`:",
        "",
        "| output | Stridelight | plain Python | speed-up |",
        "|---|---|---|---|",
    ]
    for kind in ("jsonl", "csv"):
        ours, plain = r[kind], r[f"{kind}_plain"]
        lines.append(
            f"| {kind} | {ours * 1000:.1f} ms | {plain * 1000:.1f} ms | "
            f"{plain / ours:.1f}× |"
        )
    return "Decode output", "\n".join(lines)


if __name__ == "__main__":
    print(section()[1])
