"""Quick timing of the GPX and TCX readers against gpxpy and tcxreader.

Best of N (default 3), same process, over every file of ``data/real/gpx`` and
``data/real/tcx`` (``.gz`` decompressed beforehand; a file an oracle cannot read
still costs it the attempt).  Our runs and the oracle's alternate, so a machine
whose load changes during the run slows both alike.
Run: ``.venv/bin/python bench/xml_quick.py [N]``.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import gpxpy
from tcxreader.tcxreader import TCXReader

from stridelight.importers.errors import ReadError
from stridelight.importers.gpx import read_gpx
from stridelight.importers.tcx import read_tcx

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("STRIDELIGHT_SHARED", ROOT.parent / "shared")) / "data/real"


def load(folder: str) -> list[tuple[Path, bytes]]:
    files = []
    for path in sorted((REAL / folder).iterdir()):
        data = path.read_bytes()
        files.append((path, gzip.decompress(data) if path.suffix == ".gz" else data))
    return files


def best_of(rounds: int, *runs: Callable[[], object]) -> list[float]:
    best = [float("inf")] * len(runs)
    for _ in range(rounds):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def ours(reader: Callable[..., object], files: list[tuple[Path, bytes]]) -> None:
    for path, data in files:
        with contextlib.suppress(ReadError):
            reader(data, source=path.name)


def with_gpxpy(files: list[tuple[Path, bytes]]) -> None:
    for _, data in files:
        with contextlib.suppress(Exception):  # a failure still costs the attempt
            gpxpy.parse(data)


def with_tcxreader(files: list[tuple[Path, bytes]]) -> None:
    for path, _ in files:
        with contextlib.suppress(Exception):
            TCXReader().read(str(path))


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    gpx, tcx = load("gpx"), load("tcx")
    rows = [
        ("GPX", gpx, lambda: ours(read_gpx, gpx), lambda: with_gpxpy(gpx), "gpxpy"),
        (
            "TCX",
            tcx,
            lambda: ours(read_tcx, tcx),
            lambda: with_tcxreader(tcx),
            "tcxreader",
        ),
    ]
    print("| format | files | MB | ours (s) | oracle | oracle (s) | speed-up |")
    print("|---|---|---|---|---|---|---|")
    for label, files, mine, theirs, oracle in rows:
        mb = sum(len(data) for _, data in files) / 1e6
        a, b = best_of(rounds, mine, theirs)
        print(
            f"| {label} | {len(files)} | {mb:.2f} | {a:.4f} | {oracle} | {b:.4f} | {b / a:.1f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
