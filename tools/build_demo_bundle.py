"""Build samples/demo-runner: an 11-week runner made of real, permissively licensed files.

Every activity file is a real recording from ../shared/data/real (MIT or BSD only;
never GPL/AGPL, never Garmin FIT SDK example files), copied with one change: its
timestamps are moved so that the recordings form one training block.  GPX and TCX
copies differ from their originals only inside timestamps; FIT copies differ only
in their date_time fields and the file CRC.  Each copy is gzipped (mtime 0).  The
journal in runner.json is written here, by hand, to tell one believable story.

    .venv/bin/python tools/build_demo_bundle.py           # rewrite samples/
    .venv/bin/python tools/build_demo_bundle.py --check   # exit 1 if samples/ differ
    .venv/bin/python tools/build_demo_bundle.py --verify  # FIT copies vs Garmin's SDK

It writes samples/demo-runner/ and the file table of samples/README.md (between
its ``<!-- files -->`` markers; the rest of that README is prose kept by hand).

The output is the same bytes on every run: no clock, no randomness.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, cast
from zoneinfo import ZoneInfo

from stridelight.core.journal import (
    Ache,
    ActivityNote,
    Checkin,
    Finding,
    Habit,
    RunnerData,
    RunnerProfile,
    Screening,
    Shoe,
    TherapySession,
)
from stridelight.importers.bundle import make_bundle, write_bundle

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STRIDELIGHT_SHARED", REPO.parent / "shared"))
OUT = REPO / "samples"
ZONE = ZoneInfo("America/New_York")
FIRST_MONDAY = date(2026, 8, 31)
WEEKS = 11


@dataclass(frozen=True)
class Recording:
    file: str  # under data/real
    repo: str
    path: str
    commit: str
    license: str
    what: str


RECORDINGS = {
    "fenix": Recording("fit/fitparse__activity-small-fenix2-run.fit", "dtcooper/python-fitparse", "tests/files/activity-small-fenix2-run.fit", "d88bb69971", "MIT", "9.0 km run, Garmin Fenix 2: HR, cadence, GPS"),
    "stryd": Recording("fit/fitparse__developer-types-sample.fit", "dtcooper/python-fitparse", "tests/files/developer-types-sample.fit", "d88bb69971", "MIT", "6.8 km run with a Stryd pod: HR, cadence, power, GPS"),
    "fr110": Recording("fit/fitparse__2013-02-06-12-11-14.fit", "dtcooper/python-fitparse", "tests/files/2013-02-06-12-11-14.fit", "d88bb69971", "MIT", "4.8 km run, Forerunner 110: HR, GPS"),
    "vivo": Recording("fit/sport-activities-features__fit_format_test_File.FIT", "firefly-cpp/sport-activities-features", "datasets/fit_format_test_File.FIT", "52c17d3622", "MIT", "4.8 km run, vivoactive HR: HR, cadence, GPS"),
    "long": Recording("fit/tormoder-fit__mornindew-broken.fit", "tormoder/fit", "testdata/misc/mornindew-broken.fit", "bd251afaa5", "MIT", "16.8 km run, Forerunner 920XT: HR, cadence, GPS"),
    "fr410": Recording("tcx/tcxparser__test.tcx", "vkurup/python-tcxparser", "tests/files/test.tcx", "5ecaac92f8", "BSD-2-Clause", "4.7 km run, Forerunner 410: HR, GPS"),
    "fr410-nohr": Recording("tcx/tcxparser__no_hr.tcx", "vkurup/python-tcxparser", "tests/files/no_hr.tcx", "5ecaac92f8", "BSD-2-Clause", "the same 4.7 km run without HR"),
}  # fmt: skip

GHOST, SPEED = "ghost-15", "endorphin-speed-3"
SHOES = (
    Shoe(GHOST, "Brooks Ghost 15", "road", date(2026, 3, 14), None, 360.0, 700.0),
    Shoe(SPEED, "Saucony Endorphin Speed 3", "racing", date(2026, 9, 26), None, 0.0, 650.0),
)  # fmt: skip


@dataclass(frozen=True)
class Run:
    day: date
    at: str  # local start, HH:MM
    recording: str
    kind: str
    shoe: str
    rpe: float
    notes: str | None = None


def week_runs(week: int) -> list[Run]:
    """One week of the block: Tue easy, Thu easy or tempo, Sat shakeout, Sun long."""
    monday = FIRST_MONDAY + timedelta(weeks=week)
    tempo = week in (4, 6, 10)  # the new racing pair, worn on three tempo days only
    runs = [
        Run(monday + timedelta(1), "06:40", "fr410-nohr" if week in (2, 7) else "fr410", "easy", GHOST, 3,
            "HR strap left at home" if week in (2, 7) else None),
        Run(monday + timedelta(3), "06:40", "vivo" if tempo or week % 2 else "fr110", "tempo" if tempo else "easy",
            SPEED if tempo else GHOST, 6 if tempo else 3),
    ]  # fmt: skip
    if week not in (0, 2, 10):
        # Saturdays without the chest strap: the load comes from the RPE.
        runs.append(
            Run(monday + timedelta(5), "08:15", "fr410-nohr", "shakeout", GHOST, 2)
        )
    long_key = "stryd" if week < 3 else ("long" if week == 10 else "fenix")
    runs.append(Run(monday + timedelta(6), "07:30", long_key, "long", GHOST, 8 if week == 10 else 5,
                    LONG_NOTES.get(week)))  # fmt: skip
    return runs


LONG_NOTES = {
    3: "First 9 k long run. Left arch a bit tight afterwards.",
    7: "Same 9 k loop again. Heel sore on the last kilometre.",
    10: "Joined the club's long run: 17 k, nearly twice my longest. Left heel sore for the last 5 k.",
}


def schedule() -> list[Run]:
    runs = [r for week in range(WEEKS) for r in week_runs(week)]
    runs.append(Run(date(2026, 11, 17), "06:50", "fr410-nohr", "easy", GHOST, 5, "Legs heavy; heel sore from the first steps."))  # fmt: skip
    return runs


def local(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), ZONE)


# --- the journal -------------------------------------------------------------

ACHES = (  # day, local time, region, side, NRS, timing, quality, notes
    ("2026-09-27", "10:30", "arch", "left", 2, "after_run", ("tightness",), None),
    ("2026-10-01", "08:00", "forefoot", "right", 2, "after_run", ("aching",), "First run in the new racing shoes."),
    ("2026-10-04", "10:15", "heel", "left", 2, "after_run", ("aching",), None),
    ("2026-10-05", "06:45", "heel", "left", 3, "next_morning", ("stiffness",), "First steps out of bed."),
    ("2026-10-11", "10:20", "arch", "left", 3, "after_run", ("tightness",), None),
    ("2026-10-12", "06:40", "heel", "left", 3, "next_morning", ("stiffness",), None),
    ("2026-10-18", "10:30", "heel", "left", 3, "after_run", ("aching",), None),
    ("2026-10-18", "10:30", "calf", "left", 2, "after_run", ("tightness",), None),
    ("2026-10-19", "06:40", "heel", "left", 4, "next_morning", ("stiffness", "sharp"), None),
    ("2026-10-25", "10:25", "arch", "left", 3, "after_run", ("tightness",), None),
    ("2026-10-26", "06:45", "heel", "left", 4, "next_morning", ("stiffness",), None),
    ("2026-11-01", "10:20", "heel", "left", 3, "after_run", ("aching",), None),
    ("2026-11-02", "06:40", "heel", "left", 4, "next_morning", ("stiffness", "sharp"), None),
    ("2026-11-08", "10:30", "heel", "left", 4, "after_run", ("aching",), None),
    ("2026-11-08", "10:30", "arch", "left", 3, "after_run", ("tightness",), None),
    ("2026-11-09", "06:40", "heel", "left", 5, "next_morning", ("sharp",), "Limped for the first minutes."),
    ("2026-11-15", "11:30", "heel", "left", 5, "after_run", ("aching", "heaviness"), None),
    ("2026-11-15", "11:30", "arch", "left", 4, "after_run", ("tightness",), None),
    ("2026-11-15", "11:30", "calf", "left", 4, "after_run", ("tightness", "heaviness"), None),
    ("2026-11-16", "06:35", "heel", "left", 6, "next_morning", ("sharp",), "Worst morning so far."),
    ("2026-11-16", "06:35", "arch", "left", 5, "next_morning", ("tightness",), None),
    ("2026-11-17", "07:10", "heel", "left", 4, "during_run", ("aching",), None),
    ("2026-11-17", "08:00", "heel", "left", 4, "after_run", ("aching",), None),
)  # fmt: skip

SCREENINGS = (  # a self-test at the start, one when the aches grew, the therapist's
    ("2026-09-07", "knee_to_wall_cm", 8.6, 9.8), ("2026-09-07", "heel_raise_reps", 23, 26),
    ("2026-10-20", "knee_to_wall_cm", 7.1, 9.6), ("2026-10-20", "heel_raise_reps", 18, 25),
    ("2026-10-20", "slr_deg", 72, 81),
    ("2026-11-10", "knee_to_wall_cm", 7.2, 9.9), ("2026-11-10", "slr_deg", 70, 80),
    ("2026-11-10", "thomas", 5, -3),
)  # fmt: skip

SESSION = TherapySession(
    date(2026, 11, 10),
    "discovery",
    (Finding("calf", "left", 2), Finding("hamstrings", "left", 2),
     Finding("arch", "left", 1), Finding("glutes", "left", 1)),
)  # fmt: skip

STRETCHED_AFTER = {1, 4, 9, 15, 22, 30, 36}  # run numbers; the rest were skipped
HYDRATION = (1.6, 1.9, 1.4, 1.8, 2.1, 1.5, 1.7)  # litres a day, against 2.2


def habits(runs: list[Run]) -> list[Habit]:
    out: list[Habit] = []
    for i, run in enumerate(runs):
        # The check-in asks after every run; 0 minutes is the answer "no".
        out.append(
            Habit(run.day, "stretch", minutes=8.0 if i in STRETCHED_AFTER else 0.0)
        )
        out.append(Habit(run.day, "warmup", minutes=5.0 if i % 3 == 1 else 0.0))
    for n in range(0, WEEKS * 7, 3):
        liters = HYDRATION[(n // 3) % len(HYDRATION)]
        out.append(
            Habit(
                FIRST_MONDAY + timedelta(n),
                "hydration",
                liters=liters,
                targets={"liters": 2.2},
            )
        )
    for week in range(WEEKS):
        monday = FIRST_MONDAY + timedelta(weeks=week)
        out.append(
            Habit(
                monday, "sleep", hours=6.0 if week >= 8 else 7.0, targets={"hours": 8.0}
            )
        )
        if week < 4:  # calf raises at the start, then the habit lapsed
            out.append(Habit(monday + timedelta(2), "strength", minutes=10.0))
    out.append(Habit(date(2026, 11, 11), "foam_roll", minutes=10.0))
    return sorted(out, key=lambda h: (h.date, h.kind))  # fmt: skip


def journal(
    runs: list[Run], files: list[str]
) -> tuple[RunnerData, tuple[ActivityNote, ...]]:
    aches = tuple(
        Ache(local(date.fromisoformat(d), t), region, side, nrs, timing, quality, notes)
        for d, t, region, side, nrs, timing, quality, notes in ACHES
    )
    screenings = tuple(
        Screening(date.fromisoformat(d), test, side, float(value))
        for d, test, left, right in SCREENINGS
        for side, value in (("left", left), ("right", right))
    )
    checkins = tuple(
        Checkin(FIRST_MONDAY + timedelta(weeks=w), ()) for w in range(WEEKS + 1)
    )
    data = RunnerData(
        profile=RunnerProfile("female", 1992, 62.0, 188.0, 54.0, "America/New_York"),
        shoes=SHOES, aches=aches, habits=tuple(habits(runs)), screenings=screenings,
        sessions=(SESSION,), checkins=(*checkins, Checkin(date(2026, 11, 17), ())),
    )  # fmt: skip
    notes = tuple(
        ActivityNote(name, run.shoe, run.rpe, run.notes) for name, run in zip(files, runs, strict=True)
    )  # fmt: skip
    return data, notes


# Keys Stridelight does not read: the bundle keeps them on a round trip (docs/bundle.md).
ABOUT = "Demo runner for Stridelight, built by tools/build_demo_bundle.py from real recordings (see samples/README.md)."
GOAL = {"race": "a city half marathon", "distance_km": 21.1, "date": "2026-12-06"}


# --- moving timestamps, and nothing else --------------------------------------

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SYSTEM_TIME_BELOW = 0x10000000  # smaller FIT date_time values count from power-on
_ISO = re.compile(
    rb"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?"
)  # fmt: skip
Order = Literal["little", "big"]
Layout = tuple[
    int, Order, list[tuple[int, int, int]], int
]  # message, order, fields, size
CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)  # fmt: skip


def fit_crc(data: bytes | bytearray) -> int:
    crc = 0
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = CRC_TABLE[crc & 0xF]
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ CRC_TABLE[nibble]
    return crc


def date_time_fields() -> dict[int, set[int]]:
    """Global message number → its date_time field numbers, from Garmin's profile."""
    from garmin_fit_sdk import Profile

    return {
        num: {f for f, spec in msg["fields"].items() if "date_time" in spec["type"]}
        for num, msg in Profile["messages"].items()
    }


def shift_fit(data: bytes, seconds: int) -> tuple[bytes, int]:
    """Add ``seconds`` to every date_time field; return the file and its start.

    The start is the session's start_time, else the first record's timestamp
    (other messages, such as file_id, may be stamped hours earlier).

    ``seconds`` must be a multiple of 32: compressed-timestamp headers keep only
    the low 5 bits of the time, which then stay valid unchanged.
    """
    assert seconds % 32 == 0
    buf, wanted = bytearray(data), date_time_fields()
    found: list[tuple[int, int, int]] = []  # (message, field, value) before the shift
    pos = 0
    while pos < len(buf):  # one pass per FIT file in a chain
        header, size = buf[pos], int.from_bytes(buf[pos + 4 : pos + 8], "little")
        end = pos + header + size
        assert buf[end : end + 2] == fit_crc(buf[pos:end]).to_bytes(2, "little")
        _shift_records(buf, pos + header, end, seconds, wanted, found)
        buf[end : end + 2] = fit_crc(buf[pos:end]).to_bytes(2, "little")
        pos = end + 2
    starts = [v for m, f, v in found if (m, f) == (18, 2)]
    starts += [v for m, f, v in found if (m, f) == (20, 253)]
    return bytes(buf), starts[0]


def _shift_records(buf: bytearray, pos: int, end: int, seconds: int,
                   wanted: dict[int, set[int]], found: list[tuple[int, int, int]]) -> None:  # fmt: skip
    layouts: dict[int, Layout] = {}
    while pos < end:
        head = buf[pos]
        pos += 1
        if head & 0x80 == 0 and head & 0x40:  # a definition message
            pos, layouts[head & 0x0F] = _definition(buf, pos, head & 0x20, wanted)
            continue
        local = (head >> 5) & 0x3 if head & 0x80 else head & 0x0F
        number, order, shifts, size = layouts[local]
        for field, offset, width in shifts:
            at = pos + offset
            value = int.from_bytes(buf[at : at + width], order)
            if SYSTEM_TIME_BELOW <= value < 0xFFFFFFFF:
                found.append((number, field, value))
                buf[at : at + width] = (value + seconds).to_bytes(width, order)
        pos += size


def _definition(buf: bytearray, pos: int, developer: int, wanted: dict[int, set[int]]
                ) -> tuple[int, Layout]:  # fmt: skip
    order: Order = "big" if buf[pos + 1] else "little"
    number = int.from_bytes(buf[pos + 2 : pos + 4], order)
    count, pos = buf[pos + 4], pos + 5
    shifts, offset = [], 0
    for i in range(count):
        field, width = buf[pos + 3 * i], buf[pos + 3 * i + 1]
        if field in wanted.get(number, ()) and width == 4:
            shifts.append((field, offset, width))
        offset += width
    pos += 3 * count
    if developer:
        offset += sum(buf[pos + 1 + 3 * i + 1] for i in range(buf[pos]))
        pos += 1 + 3 * buf[pos]
    return pos, (number, order, shifts, offset)


def fit_start(data: bytes) -> datetime:
    return FIT_EPOCH + timedelta(seconds=shift_fit(data, 0)[1])


def xml_start(data: bytes) -> datetime:
    """The first point's time (GPX metadata may be stamped minutes earlier)."""
    first_point = min(
        i for i in (data.find(b"<trkpt"), data.find(b"<Trackpoint")) if i >= 0
    )
    match = _ISO.search(data, first_point)
    assert match is not None
    return _iso_time(match)


def _iso_time(match: re.Match[bytes]) -> datetime:
    zone = (match[3] or b"Z").decode().replace("Z", "+00:00")
    return datetime.fromisoformat(match[1].decode() + zone)


def shift_xml(data: bytes, seconds: int) -> bytes:
    """Move every ISO timestamp; keep its fraction digits and zone as written."""

    def moved(match: re.Match[bytes]) -> bytes:
        when = _iso_time(match) + timedelta(seconds=seconds)
        text = when.strftime("%Y-%m-%dT%H:%M:%S").encode()
        return text + (match[2] or b"") + (match[3] or b"")

    return _ISO.sub(moved, data)


def shifted_copy(recording: Recording, start: datetime) -> tuple[bytes, int]:
    """The recording's bytes moved to begin near ``start``; and the shift in seconds."""
    data = (SHARED / "data" / "real" / recording.file).read_bytes()
    is_fit = recording.file.startswith("fit/")
    original = fit_start(data) if is_fit else xml_start(data)
    seconds = round((start - original).total_seconds() / 32) * 32
    moved = shift_fit(data, seconds)[0] if is_fit else shift_xml(data, seconds)
    return moved, seconds


TABLE_START, TABLE_END = "<!-- files -->", "<!-- /files -->"
TABLE_HEAD = (
    "| File | Recording | Source repository | Path @ commit | License | Times shifted |\n"
    "|---|---|---|---|---|---|"
)

# --- writing ---------------------------------------------------------------------


def file_name(run: Run, recording: Recording) -> str:
    suffix = Path(recording.file).suffix.lower()
    return f"activities/{run.day.isoformat()}-{run.kind}{suffix}.gz"


def build(out: Path) -> None:
    """Write demo-runner/ and README.md into ``out`` (which must not hold them yet)."""
    runs = schedule()
    sources: dict[str, bytes] = {}
    rows: list[str] = []
    for run in runs:
        recording = RECORDINGS[run.recording]
        name = file_name(run, recording)
        moved, seconds = shifted_copy(recording, local(run.day, run.at))
        sources[name] = gzip.compress(moved, compresslevel=9, mtime=0)
        rows.append(readme_row(name, recording, local(run.day, run.at), seconds))
    data, notes = journal(runs, list(sources))
    bundle = make_bundle(data, notes, tuple(sources))
    runner = bundle.document["runner"]
    assert isinstance(runner, dict)
    document = {**bundle.document, "about": ABOUT, "runner": {**runner, "goal": GOAL}}
    bundle = dataclasses.replace(bundle, document=document)
    write_bundle(bundle, out / "demo-runner", activity_sources=sources)
    (out / "README.md").write_text(readme(rows), encoding="utf-8")


def readme(rows: list[str]) -> str:
    """samples/README.md with its file table rebuilt; the prose is edited by hand."""
    text = (OUT / "README.md").read_text(encoding="utf-8")
    before, rest = text.split(TABLE_START, 1)
    after = rest.split(TABLE_END, 1)[1]
    return (
        f"{before}{TABLE_START}\n{TABLE_HEAD}\n"
        + "\n".join(rows)
        + f"\n{TABLE_END}{after}"
    )


def readme_row(name: str, r: Recording, start: datetime, seconds: int) -> str:
    was = (start - timedelta(seconds=seconds)).astimezone(UTC).date()
    return (f"| `{name}` | {r.what} | [{r.repo}](https://github.com/{r.repo}) | "
            f"`{r.path}` @ {r.commit} | {r.license} | yes, from {was} |")  # fmt: skip


def same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ between two trees (gzip compared by content)."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names |= {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    return sorted(str(n) for n in names if _content(a / n) != _content(b / n))


def _content(path: Path) -> bytes | None:
    if not path.is_file():
        return None
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def verify_fit() -> list[str]:
    """Decode each FIT recording and its shifted copy with Garmin's SDK: only times differ."""
    from garmin_fit_sdk import Decoder, Stream

    def decode(data: bytes) -> Mapping[str, list[dict[str, object]]]:
        messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
        assert not errors, errors
        return cast(Mapping[str, list[dict[str, object]]], messages)

    problems = []
    for key, recording in RECORDINGS.items():
        if not recording.file.startswith("fit/"):
            continue
        data = (SHARED / "data" / "real" / recording.file).read_bytes()
        moved, seconds = shifted_copy(recording, local(FIRST_MONDAY, "07:00"))
        before, after = decode(data), decode(moved)
        for kind, messages in before.items():
            for old, new in zip(messages, after[kind], strict=True):
                for name, value in old.items():
                    if not _same(value, new[name], seconds):
                        problems.append(
                            f"{key}: {kind}.{name}: {value!r} -> {new[name]!r}"
                        )
    return problems


def _same(old: object, new: object, seconds: int) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return new - old == timedelta(seconds=seconds)
    return repr(old) == repr(new) or (isinstance(old, int) and new == old + seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--verify", action="store_true", help="check FIT rewriting")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.verify:
        problems = verify_fit()
        print("\n".join(problems) or "FIT copies differ only in their times")  # noqa: T201
        return 1 if problems else 0
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        if args.check:
            differ = same_tree(Path(tmp), args.out)
            for name in differ:
                print(f"differs: {name}")  # noqa: T201
            return 1 if differ else 0
        shutil.rmtree(args.out / "demo-runner", ignore_errors=True)
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copytree(Path(tmp) / "demo-runner", args.out / "demo-runner")
        shutil.copy2(Path(tmp) / "README.md", args.out / "README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
