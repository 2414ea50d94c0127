"""The import benchmarks: Stridelight's readers against the libraries DESIGN §5 names.

Every library reads the same decompressed bytes of every file in ``data/real``
that it can read; each file's time is the best of N runs in one process.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STRIDELIGHT_SHARED", ROOT.parent / "shared"))
REAL = SHARED / "data" / "real"

#: The quality bars of DESIGN §5: format -> (library, minimum speed ratio).
BARS = {"fit": ("fitdecode", 10.0), "gpx": ("gpxpy", 5.0), "tcx": ("tcxreader", 5.0)}

MB = 1_000_000
LIBRARY_PACKAGES = ["numpy", "lxml", "fitdecode", "garmin-fit-sdk", "fitparse"]
LIBRARY_PACKAGES += ["fitfast", "gpxpy", "tcxreader"]
Reader = Callable[[bytes, Path], object]


@dataclass
class Input:
    name: str
    data: bytes  # decompressed
    path: Path  # a plain copy on disk, for readers that only take a path


@dataclass
class Result:
    library: str
    seconds: dict[str, float] = field(default_factory=dict)  # file -> best time
    failed: dict[str, str] = field(default_factory=dict)  # file -> why


# --- inputs -----------------------------------------------------------------------


def plain_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if data.startswith(b"\x1f\x8b"):
        return gzip.decompress(data)
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(archive.namelist()[0])
    return data


def load_inputs(fmt: str, scratch: Path) -> list[Input]:
    inputs = []
    for path in sorted((REAL / fmt).iterdir()):
        data = plain_bytes(path)
        copy = scratch / f"{path.name.split('.')[0]}.{fmt}"
        copy.write_bytes(data)  # once, outside any timing
        inputs.append(Input(path.name, data, copy))
    return inputs


# --- the libraries ----------------------------------------------------------------


def stridelight_read(data: bytes, _: Path) -> object:
    from stridelight.importers import read

    return read(data)


def fitdecode_read(data: bytes, _: Path) -> object:
    import fitdecode

    values = []
    with fitdecode.FitReader(io.BytesIO(data)) as fit:
        for frame in fit:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                values.append([f.value for f in frame.fields])
    return values


def fitparse_read(data: bytes, _: Path) -> object:
    import fitparse

    fit = fitparse.FitFile(io.BytesIO(data))
    return [m.get_values() for m in fit.get_messages("record")]


def garmin_sdk_read(data: bytes, _: Path) -> object:
    from garmin_fit_sdk import Decoder, Stream

    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    if errors:
        raise ValueError(errors[0])
    return messages


def fitfast_read(data: bytes, _: Path) -> object:
    import fitfast

    return fitfast.records(data)


def gpxpy_read(data: bytes, _: Path) -> object:
    import gpxpy

    return gpxpy.parse(data)


def tcxreader_read(_: bytes, path: Path) -> object:
    from tcxreader.tcxreader import TCXReader

    # only_gps=False keeps every trackpoint, as Stridelight does.
    return TCXReader().read(str(path), only_gps=False)


LIBRARIES: dict[str, dict[str, Reader]] = {
    "fit": {
        "stridelight": stridelight_read,
        "fitdecode": fitdecode_read,
        "garmin-fit-sdk": garmin_sdk_read,
        "fitparse": fitparse_read,
        "fitfast": fitfast_read,
    },
    "gpx": {"stridelight": stridelight_read, "gpxpy": gpxpy_read},
    "tcx": {"stridelight": stridelight_read, "tcxreader": tcxreader_read},
}


# --- timing -----------------------------------------------------------------------


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def time_library(name: str, read: Reader, inputs: list[Input], repeat: int) -> Result:
    result = Result(name)
    for item in inputs:
        run = partial(read, item.data, item.path)
        started = time.perf_counter()
        try:
            run()  # the first run also tells whether this library reads the file
        except Exception as exc:
            result.failed[item.name] = str(exc).removeprefix("<bytes>: ")
            continue
        first = time.perf_counter() - started
        result.seconds[item.name] = min(first, best_of(repeat - 1, run))
    return result


@dataclass
class Row:
    library: str
    files: int
    megabytes: float
    seconds: float
    common: int  # files both this library and stridelight read
    ratio: float | None  # stridelight speed / this library's, on the common files

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds if self.seconds else float("nan")


def compare(results: list[Result], sizes: dict[str, int]) -> list[Row]:
    ours = results[0]
    rows = []
    for result in results:
        done = result.seconds
        common = set(done) & set(ours.seconds)
        theirs_s = sum(done[f] for f in common)
        ours_s = sum(ours.seconds[f] for f in common)
        ratio = theirs_s / ours_s if common and ours_s else None
        megabytes = sum(sizes[f] for f in done) / MB
        total = sum(done.values())
        rows.append(
            Row(result.library, len(done), megabytes, total, len(common), ratio)
        )
    return rows


def bench_format(
    fmt: str, repeat: int, scratch: Path
) -> tuple[list[Row], list[Result]]:
    inputs = load_inputs(fmt, scratch)
    sizes = {i.name: len(i.data) for i in inputs}
    results = [
        time_library(name, read, inputs, repeat)
        for name, read in LIBRARIES[fmt].items()
    ]
    print(f"  {fmt}: {len(inputs)} files timed", file=sys.stderr)
    return compare(results, sizes), results


# --- archives ---------------------------------------------------------------------


@dataclass
class ArchiveRun:
    label: str
    megabytes: float
    seconds: float
    ok: int
    skipped: int
    errors: int


def time_archive(label: str, path: Path, repeat: int) -> ArchiveRun:
    from stridelight.importers import iter_activities

    items: list[Any] = []

    def run() -> None:
        items[:] = iter_activities(path)

    seconds = best_of(repeat, run)
    return ArchiveRun(
        label,
        path.stat().st_size / MB,
        seconds,
        ok=sum(1 for i in items if i.ok),
        skipped=sum(1 for i in items if i.skipped),
        errors=sum(1 for i in items if i.error),
    )


def build_big_strava(target: Path, activities: int) -> None:
    """A Strava export of ``activities`` rows made by repeating the sample's files."""
    with zipfile.ZipFile(REAL / "strava_export_sample.zip") as sample:
        header, *rows = sample.read("activities.csv").decode().splitlines()
        files = {
            n: sample.read(n) for n in sample.namelist() if n.startswith("activities/")
        }
    with_file = [r for r in rows if "activities/" in r]
    out_rows = [header]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as big:
        for n in range(activities):
            row = with_file[n % len(with_file)]
            original = next(f for f in files if f in row)
            fresh = f"activities/{3_000_000_000 + n}{original[original.index('.') :]}"
            out_rows.append(row.replace(original, fresh))
            big.writestr(fresh, files[original])
        big.writestr("activities.csv", "\n".join(out_rows) + "\n")
