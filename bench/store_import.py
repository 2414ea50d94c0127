"""The store's bulk import and re-import: a realistic 1,000-activity export.

The export is generated once into ``var/bench-export-1000/`` (kept between
runs): one-second recordings of 25-75 minute runs with heart rate and cadence,
gzipped, as a watch (FIT), a phone (GPX) and Garmin Connect (TCX) leave them;
one run in twenty was recorded by both the watch and the phone (a duplicate).
A one-second GPX of an hour is about 0.7 MB.

Each figure is the wall time of the real command, ``stridelight import FOLDER
--runner …``, into a fresh store (its account added first, so the database is
already migrated): on SQLite (the embedded store) and on PostgreSQL (a database
``stridelight_bench`` created and dropped), then the same export again
(hashing only).  Peak memory is the largest sum of the resident sizes of the
command and its decoding workers, sampled every 50 ms.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench-export-1000"
FILES = 1000
BIN = Path(sys.executable).parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "stridelight_bench"
EMAIL = "bench@example.com"
PASSWORD = "long and unusual phrase\n"
BAR_S, GOAL_S, REIMPORT_BAR_S, MEMORY_BAR_MB = 60.0, 15.0, 5.0, 500.0
#: FitTrackee 1.3.6 on this machine kind: 1,000 real GPX and FIT files in 697 s.
FITTRACKEE_S = 697.0


# --- the export -----------------------------------------------------------------


def _plan(index: int) -> list[tuple[str, int, float, float, int]]:
    """The files of run ``index``: (name, day, km, minutes, heart rate)."""
    minutes = float(25 + (index * 37) % 51)  # 25..75
    pace = 5.0 + (index % 7) * 0.25
    km = round(minutes / pace, 2)
    hr = 135 + index % 25
    kind = ("fit", "gpx", "tcx", "fit", "gpx")[index % 5]
    files = [(f"{index:04d}-{kind}.{kind}.gz", index, km, minutes, hr)]
    if index % 20 == 0 and kind != "gpx":  # the phone recorded it too
        files.append((f"{index:04d}-phone.gpx.gz", index, km, minutes, hr))
    return files


def _write_one(spec: tuple[str, int, float, float, int]) -> None:
    from tests.bundles import WRITERS, Run, track  # the tests' own writers

    name, day, km, minutes, hr = spec
    when = datetime(2023, 1, 1, 6, 30) + timedelta(days=day * 1.1)
    kind = name.split(".")[-2]
    run = Run(when, km, minutes, hr=float(hr), cadence=172.0, fmt=kind)
    data = WRITERS[kind](track(run, ZoneInfo("Europe/Berlin"), every_s=1))
    (CACHE / name).write_bytes(gzip.compress(data, compresslevel=6, mtime=0))


def build_export() -> Path:
    """The 1,000 files, written once (two processes) and then reused."""
    specs = [f for i in range(FILES) for f in _plan(i)][:FILES]
    if CACHE.is_dir() and len(list(CACHE.iterdir())) == len(specs):
        return CACHE
    CACHE.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_write_one, specs, chunksize=8))
    return CACHE


# --- one timed command ------------------------------------------------------------


class _Memory(threading.Thread):
    """The largest summed RSS of a process and its descendants, sampled."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, False

    def run(self) -> None:
        while not self.done:
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            time.sleep(0.05)


def _tree_rss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, grew = {root}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(p, 0) for p in tree)


@dataclass(frozen=True)
class Timed:
    seconds: float
    peak_mb: float
    summary: str


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(STRIDELIGHT_DATA_DIR=str(data_dir), DATABASE_URL=database_url)
    env["DJANGO_SETTINGS_MODULE"] = "stridelight.web.settings"
    return env


def _timed_import(folder: Path, env: dict[str, str]) -> Timed:
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "stridelight"), "import", str(folder), "--runner", EMAIL],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    memory = _Memory(process.pid)
    memory.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    memory.done = True
    memory.join()
    summary = out.strip().splitlines()[-1] if out.strip() else "(no output)"
    return Timed(seconds, memory.peak_kb / 1024, summary)


def _store(folder: Path, database_url: str) -> tuple[Timed, Timed]:
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp), database_url)
        subprocess.run(
            [str(BIN / "stridelight"), "user", "add", EMAIL],
            input=PASSWORD, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        return _timed_import(folder, env), _timed_import(folder, env)


def _postgres(folder: Path) -> tuple[Timed, Timed]:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_BENCH}")
        admin.execute(f"CREATE DATABASE {PG_BENCH}")
    try:
        return _store(folder, PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_BENCH}")
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_BENCH} WITH (FORCE)")


def bench_store_import() -> dict[str, tuple[Timed, Timed]]:
    folder = build_export()
    return {"SQLite": _store(folder, ""), "PostgreSQL": _postgres(folder)}


def section() -> tuple[str, str]:
    """The ``docs/benchmarks.md`` section (see ``bench/run.py``)."""
    folder = build_export()
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    results = bench_store_import()
    lines = [
        f"`stridelight import` of a generated export: {FILES:,} gzipped one-second "
        f"recordings of 25-75 minute runs with heart rate and cadence ({size_mb:.0f} MB; "
        "FIT, GPX and TCX as a watch, a phone and Garmin Connect write them; one run "
        "in twenty recorded twice), into a fresh store; wall time of the command, "
        "peak memory of the command and its two decoding workers.",
        "",
        "| Store | Import | files/s | Re-import | Peak memory | Counts |",
        "|---|---|---|---|---|---|",
    ]
    for store, (first, again) in results.items():
        lines.append(
            f"| {store} | {first.seconds:.1f} s | {FILES / first.seconds:.0f} | "
            f"{again.seconds:.1f} s | {max(first.peak_mb, again.peak_mb):.0f} MB | "
            f"{first.summary} |"
        )
    worst = max(first.seconds for first, _ in results.values())
    again_worst = max(again.seconds for _, again in results.values())
    peak = max(max(a.peak_mb, b.peak_mb) for a, b in results.values())
    met = worst < BAR_S and again_worst < REIMPORT_BAR_S and peak < MEMORY_BAR_MB
    lines += [
        "",
        f"Bars: import under {BAR_S:.0f} s (goal {GOAL_S:.0f} s), re-import under "
        f"{REIMPORT_BAR_S:.0f} s, peak memory under {MEMORY_BAR_MB:.0f} MB: "
        + ("met." if met else "**not met**.")
        + f" Anchor: FitTrackee 1.3.6 imported 1,000 real GPX and FIT files in "
        f"{FITTRACKEE_S:.0f} s on this machine kind (1.4 files/s); the slower store "
        f"here is {FITTRACKEE_S / worst:.0f}x that.",
    ]
    return "Store import", "\n".join(lines)


if __name__ == "__main__":
    print(section()[1])
