"""``make bench``: every benchmark in one process; prints tables, writes docs/benchmarks.md.

The import benchmarks (``bench/importers.py``) time Stridelight's readers against
fitdecode, the Garmin FIT SDK, fitparse, fitfast, gpxpy and tcxreader: best of N
(default 3) per file, speed ratios only over the files *both* sides read.

More benchmarks plug in through :data:`BENCH_MODULES`: a module listed there
defines ``section() -> tuple[str, str]`` returning a title and a markdown body,
for example ``bench/analysis.py`` for the analysis bars of DESIGN §5.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import platform
import sys
import tempfile
import warnings
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.importers import (
    BARS,
    LIBRARY_PACKAGES,
    REAL,
    ROOT,
    ArchiveRun,
    Result,
    Row,
    bench_format,
    build_big_strava,
    time_archive,
)

DOC = ROOT / "docs" / "benchmarks.md"

#: Further benchmark modules, each with ``section() -> (title, markdown)``.
BENCH_MODULES: tuple[str, ...] = (
    "bench.analysis",
    "bench.decode_output",
    "bench.store_import",
    "bench.store_analysis",
    "bench.activity_pages",
    "bench.dashboard",
    "bench.checkin",
    "bench.clinic",
    "bench.workspace_brief",
)


# --- report -----------------------------------------------------------------------


def machine_facts() -> list[str]:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    versions = ", ".join(f"{lib} {_version(lib)}" for lib in LIBRARY_PACKAGES)
    return [
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {cpu}; `nproc` = {usable or os.cpu_count()}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"- Libraries: {versions}",
    ]


def _version(lib: str) -> str:
    try:
        return metadata.version(lib)
    except metadata.PackageNotFoundError:
        return "not installed"


def format_table(rows: list[Row], bar: tuple[str, float]) -> list[str]:
    lines = [
        "| library | files read | MB | seconds | MB/s | Stridelight is … × faster (files both read) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.library == "stridelight":
            speedup = "—"
        elif row.ratio is None:
            speedup = "no file in common"
        else:
            mark = ""
            if row.library == bar[0]:
                mark = " ✅ bar met" if row.ratio >= bar[1] else " ❌ below bar"
                mark += f" (≥ {bar[1]:g}×)"
            speedup = f"{row.ratio:.1f}× ({row.common} files){mark}"
        lines.append(
            f"| {row.library} | {row.files} | {row.megabytes:.2f} | {row.seconds:.3f} "
            f"| {row.mb_per_s:.1f} | {speedup} |"
        )
    return lines


def failures(results: list[Result]) -> list[str]:
    """Which files each library could not read; Stridelight's with the reason."""
    lines = []
    for result in results:
        if not result.failed:
            continue
        if result.library == "stridelight":
            names = "; ".join(f"`{n}` ({why})" for n, why in result.failed.items())
        else:
            names = ", ".join(f"`{n}`" for n in result.failed)
        lines.append(f"- {result.library} could not read {len(result.failed)}: {names}")
    return lines


def bar_summary(tables: dict[str, list[Row]]) -> list[str]:
    lines = ["| bar (DESIGN §5) | measured | verdict |", "|---|---|---|"]
    for fmt, (library, need) in BARS.items():
        row = next((r for r in tables.get(fmt, []) if r.library == library), None)
        if row is None or row.ratio is None:
            lines.append(f"| {fmt.upper()} ≥ {need:g}× {library} | not measured | — |")
            continue
        verdict = "met" if row.ratio >= need else "**not met**"
        lines.append(
            f"| {fmt.upper()} ≥ {need:g}× {library} | {row.ratio:.1f}× on {row.common} files | {verdict} |"
        )
    return lines


def archive_lines(runs: list[ArchiveRun]) -> list[str]:
    lines = [
        "| archive | MB | seconds | activities/s | read | skipped | errors |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        rate = r.ok / r.seconds if r.seconds else float("nan")
        lines.append(
            f"| {r.label} | {r.megabytes:.2f} | {r.seconds:.2f} | {rate:.0f} "
            f"| {r.ok} | {r.skipped} | {r.errors} |"
        )
    big = next((r for r in runs if r.label.startswith("synthetic")), None)
    if big is not None:
        verdict = "met" if big.seconds < 60 else "**not met**"
        lines += [
            "",
            f'Bar "a 1,000-activity Strava export imports in under a minute on 2 '
            f'cores": {verdict}, reading alone takes {big.seconds:.1f} s in one process '
            f"on one core (the synthetic export repeats the sample's 12 real files; "
            f"storing to the database is not included).",
        ]
    return lines


def extra_sections() -> list[tuple[str, str]]:
    """The sections other benchmark modules contribute (the analysis hook)."""
    sections = []
    for name in BENCH_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            title = name.rsplit(".", 1)[-1].capitalize()
            sections.append((title, f"_`{name}` is not written yet._"))
            continue
        sections.append(module.section())
    return sections


def render(
    tables: dict[str, tuple[list[Row], list[Result]]],
    archives: list[str],
    extras: list[tuple[str, str]],
    repeat: int,
) -> str:
    out = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`bench/run.py`); do not edit by hand.",
        "",
        "## Machine",
        "",
        *machine_facts(),
        "",
        "## Quality bars",
        "",
        *bar_summary({fmt: rows for fmt, (rows, _) in tables.items()}),
        "",
        "## Reading single files",
        "",
        f"Every library reads the same decompressed bytes already in memory "
        f"(tcxreader takes a path: the files are written to a temporary folder once, "
        f"outside the timing, so its times include opening a cached file). "
        f"Each file's time is the best of {repeat} runs in one process; a library's "
        f"MB/s covers the files it could read. The speed ratio compares total times "
        f"over only the files **both** Stridelight and that library read. "
        f"fitdecode and fitparse collect every `record` message's values, the Garmin "
        f"SDK runs `Decoder.read()`, fitfast builds its `record` columns, gpxpy "
        f"parses the whole document, tcxreader runs with `only_gps=False`.",
    ]
    for fmt, (rows, results) in tables.items():
        out += ["", f"### {fmt.upper()}", "", *format_table(rows, BARS[fmt])]
        if fmt == "tcx":
            out += ["", _tcx_note()]
        if lines := failures(results):
            out += ["", *lines]
    out += ["", "## Archives", "", *archives]
    for title, body in extras:
        out += ["", f"## {title}", "", body.strip()]
    return "\n".join(out) + "\n"


def _tcx_note() -> str:
    return (
        "Strava pads its TCX files with 10 spaces before `<?xml`; tcxreader "
        "(ElementTree) refuses such files, Stridelight reads them. None of the "
        "`data/real/tcx` files is padded, so the table is a like-for-like comparison; "
        "the padded ones are in the Strava sample below."
    )


def print_tables(tables: dict[str, tuple[list[Row], list[Result]]]) -> None:
    for fmt, (rows, _) in tables.items():
        print(f"\n{fmt.upper()}")
        print(f"{'library':<16}{'files':>6}{'MB':>8}{'s':>9}{'MB/s':>9}  ratio")
        for r in rows:
            ratio = "" if r.ratio is None else f"{r.ratio:.1f}x on {r.common}"
            print(
                f"{r.library:<16}{r.files:>6}{r.megabytes:>8.2f}{r.seconds:>9.3f}"
                f"{r.mb_per_s:>9.1f}  {ratio}"
            )


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--strava-activities", type=int, default=1000)
    parser.add_argument("--formats", default="fit,gpx,tcx")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(list(argv) if argv is not None else None)
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        tables = {
            fmt: bench_format(fmt, args.repeat, scratch)
            for fmt in args.formats.split(",")
        }
        runs = [
            time_archive(
                "`strava_export_sample.zip` (12 files + 1 manual entry)",
                REAL / "strava_export_sample.zip",
                args.repeat,
            )
        ]
        if args.strava_activities:
            big = scratch / "export_big.zip"
            build_big_strava(big, args.strava_activities)
            label = f"synthetic Strava export, {args.strava_activities:,} activities"
            runs.append(time_archive(label, big, 1))
    archives = archive_lines(runs)
    text = render(tables, archives, extra_sections(), args.repeat)
    print_tables(tables)
    print("\n" + "\n".join(archives))
    if not args.no_write:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
        print(f"\nwrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
