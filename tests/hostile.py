"""A corpus of hostile files, written by :func:`write_corpus` (docs/security.md).

Each item is a file (or a bundle folder, or a link) meant to break a reader:
cut short, bit-flipped, random, empty, lying about its size, entity bombs,
external entities, malformed XML, values of the wrong type or out of range,
impossible dates, compression bombs, archive entries escaping the archive or
with paths too long to keep, links, and runner bundles that are wrong in each
way the format can be.

``refused`` says the reader must refuse the item (a clear error naming it);
otherwise it may read what is readable (a flipped bit in a sample is still a
run), but never crash, hang or read past its limits.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import shutil
import struct
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.bundles import (
    Run,
    RunnerSpec,
    activity_bytes,
    runner_document,
    write_runner_bundle,
)
from tests.conftest import REAL

FIT = REAL / "fit" / "fitparse__2013-02-06-12-11-14.fit"
GPX = REAL / "gpx" / "fittrackee__test.gpx"
TCX = sorted((REAL / "tcx").glob("*.tcx"))[0]
SEED = 12
#: A bomb's inflated size: far past the 200:1 ratio limit, cheap to write.
BOMB = 64 << 20
#: A path inside a zip longer than the store keeps as an activity's id (500).
LONG_PATH = "d" * 250 + "/" + "e" * 250 + "/run.gpx"


@dataclass(frozen=True)
class Hostile:
    name: str  # the path under the corpus folder
    kind: str  # "activity" (decode, import) or "bundle" (analyze, import)
    refused: (
        bool  # refused as a whole (else the readable rest is read, the bad part named)
    )
    problem: str = ""  # words the error must contain (lower case), when refused


def write_corpus(folder: Path) -> list[Hostile]:
    """Write every hostile item under ``folder``; the list says what each is."""
    folder.mkdir(parents=True, exist_ok=True)
    activities = _activities(folder / "activities")
    bundles = _bundles(folder / "bundles")
    return [
        Hostile(f"activities/{h.name}", h.kind, h.refused, h.problem)
        for h in activities
    ] + [Hostile(f"bundles/{h.name}", h.kind, h.refused, h.problem) for h in bundles]


# --- single activity files -------------------------------------------------------


def _activities(out: Path) -> list[Hostile]:
    out.mkdir()
    rng = random.Random(SEED)
    fit = FIT.read_bytes()
    gpx = GPX.read_bytes()
    written: list[Hostile] = []

    def put(name: str, data: bytes, *, refused: bool = True, problem: str = "") -> None:
        (out / name).write_bytes(data)
        written.append(Hostile(name, "activity", refused, problem))

    put("empty.fit", b"", problem="empty")
    put("empty.gpx", b"", problem="empty")
    put("random.fit", rng.randbytes(4096), problem="not a fit")
    put("random.gpx", rng.randbytes(4096), problem="not a fit")
    put("random.bin", rng.randbytes(512), problem="not a fit")
    put("fit-header-only.fit", fit[:14], problem="truncated")
    put("fit-cut-in-half.fit", fit[: len(fit) // 2], refused=False)
    put("fit-cut-in-header.fit", fit[:9], problem="not a fit")
    put("fit-bit-flipped.fit", _flip(fit, rng, 40), refused=False)
    put(
        "fit-header-claims-4-gib.fit",
        _fit_claiming(fit, 0xFFFF_FFF0),
        problem="truncated",
    )
    put("fit-wrong-crc.fit", fit[:-2] + bytes([fit[-2] ^ 0xFF, fit[-1]]), refused=False)
    put("fit-gzip-bomb.fit.gz", _gzip_zeros(BOMB), problem="bomb")
    put("fit-gzip-cut.fit.gz", gzip.compress(fit)[:200], problem="truncated")
    put("gpx-zip-bomb.zip", _zip({"run.gpx": BOMB}), problem="bomb")
    put(
        "gpx-zip-slip.zip",
        _zip({"../../escaped.gpx": gpx}),
        problem="unsafe entry name",
    )
    put(
        "gpx-zip-absolute.zip",
        _zip({"/tmp/absolute.gpx": gpx}),
        problem="unsafe entry name",
    )
    put(
        "gpx-zip-long-path.zip",
        _zip({LONG_PATH: gpx}),
        problem="path longer than 500 characters",
    )
    put("gpx-billion-laughs.gpx", _billion_laughs(), problem="entity")
    put("gpx-external-entity.gpx", _external_entity(), problem="entit")
    put("gpx-malformed.gpx", gpx[: len(gpx) // 2] + b"<trkpt lat=>", refused=False)
    put(
        "gpx-wrong-types.gpx",
        _gpx_points('lat="north" lon="east"', "yesterday"),
        refused=False,
    )
    put(
        "gpx-impossible-dates.gpx",
        _gpx_points('lat="1" lon="2"', "2026-02-30T25:61:00Z"),
        refused=False,
    )
    put(
        "gpx-out-of-range.gpx",
        _gpx_points('lat="95" lon="200"', "2026-03-01T07:00:00Z"),
        refused=False,
    )
    put(
        "tcx-not-utf8.tcx",
        b"<?xml version='1.0' encoding='utf-8'?><T>\xff\xfe\xfa</T>",
        problem="not a fit",
    )
    put(
        "tcx-deep-nesting.tcx",
        b"<a>" * 100_000 + b"</a>" * 100_000,
        problem="not a fit",
    )
    put("tcx-truncated.tcx", TCX.read_bytes()[:300], problem="no activity")
    (out / "link-to-passwd.gpx").symlink_to("/etc/passwd")
    # Named on the command line, a link is followed (the operator's own files);
    # what it leads to is read as any file is.  Bundles refuse links out of them.
    written.append(Hostile("link-to-passwd.gpx", "activity", True, "not a fit"))
    return written


def _flip(data: bytes, rng: random.Random, count: int) -> bytes:
    flipped = bytearray(data)
    for _ in range(count):
        where = rng.randrange(14, len(flipped))
        flipped[where] ^= 1 << rng.randrange(8)
    return bytes(flipped)


def _fit_claiming(fit: bytes, size: int) -> bytes:
    """A FIT header whose data size says ``size`` bytes follow (they do not)."""
    header = bytearray(fit[:12])
    struct.pack_into("<I", header, 4, size)
    return bytes(header) + fit[12:14] + fit[14:200]


def _gzip_zeros(size: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as out:
        block = b"\0" * (1 << 20)
        for _ in range(size >> 20):
            out.write(block)
    return buffer.getvalue()


def _zip(members: dict[str, bytes | int]) -> bytes:
    """A zip of these members; an int is that many zero bytes, written in blocks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 1, 7, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as member:
                if isinstance(data, bytes):
                    member.write(data)
                else:
                    for _ in range(data >> 20):
                        member.write(b"\0" * (1 << 20))
    return buffer.getvalue()


def _billion_laughs() -> bytes:
    entities = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?><!DOCTYPE gpx [' + "".join(entities) + "]>"
        '<gpx version="1.1"><trk><name>&l9;</name></trk></gpx>'
    ).encode()


def _external_entity() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<gpx version="1.1"><trk><name>&x;</name><trkseg>'
        b'<trkpt lat="1" lon="2"><time>2026-03-01T07:00:00Z</time></trkpt>'
        b"</trkseg></trk></gpx>"
    )


def _gpx_points(position: str, time: str) -> bytes:
    points = "".join(
        f"<trkpt {position}><ele>high</ele><time>{time}</time></trkpt>"
        for _ in range(3)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


# --- runner bundles ------------------------------------------------------------------


def _spec() -> RunnerSpec:
    return RunnerSpec(
        runner={"sex": "female", "time_zone": "America/New_York"},
        runs=(Run(datetime(2026, 3, 2, 7, 0), km=5, minutes=30),),
    )


def _bundles(out: Path) -> list[Hostile]:
    out.mkdir()
    written: list[Hostile] = []

    def bundle(name: str, change: Any, problem: str) -> None:
        folder = write_runner_bundle(_spec(), out / name)
        document = json.loads((folder / "runner.json").read_text())
        change(document, folder)
        (folder / "runner.json").write_text(json.dumps(document))
        written.append(Hostile(name, "bundle", True, problem))

    def ache(**fields: Any) -> Any:
        base = {"at": "2026-03-03T08:00:00-05:00", "region": "arch", "side": "left",
                "intensity": 4, "timing": "next_morning"}  # fmt: skip
        return lambda doc, folder: doc.__setitem__("aches", [base | fields])

    bundle("wrong-version", lambda doc, f: doc.__setitem__("version", 99), "version")
    bundle("wrong-format", lambda doc, f: doc.__setitem__("format", "gpx"), "format")
    bundle("unknown-region", ache(region="elbow"), "region")
    bundle("negative-intensity", ache(intensity=-3), "intensity")
    bundle("intensity-of-wrong-type", ache(intensity="severe"), "intensity")
    bundle("impossible-date", ache(at="2026-02-30T08:00:00-05:00"), "at")
    bundle("unknown-side", ache(side="middle"), "side")
    bundle(
        "runner-of-wrong-type",
        lambda doc, f: doc.__setitem__("runner", [1, 2]),
        "runner",
    )
    bundle(
        "missing-activity-file",
        lambda doc, folder: shutil.rmtree(folder / "activities"),
        "activities/",
    )
    bundle(
        "activity-path-escaping",
        lambda doc, f: doc["activities"][0].__setitem__("file", "../../../etc/passwd"),
        "file",
    )

    def raw(name: str, text: bytes, problem: str) -> None:
        folder = out / name
        folder.mkdir()
        (folder / "runner.json").write_bytes(text)
        written.append(Hostile(name, "bundle", True, problem))

    raw(
        "runner-json-not-json",
        b'{"format": "stridelight-bundle", "version": 1,',
        "runner.json",
    )
    raw("runner-json-deep-nesting", b"[" * 100_000 + b"]" * 100_000, "runner.json")
    raw("runner-json-empty", b"", "runner.json")

    linked = write_runner_bundle(_spec(), out / "activity-is-a-link")
    (victim,) = (linked / "activities").iterdir()
    victim.unlink()
    victim.symlink_to("/etc/passwd")
    written.append(Hostile("activity-is-a-link", "bundle", True, "outside the bundle"))

    spec = runner_document(_spec())
    document = json.dumps(spec).encode()
    listed = spec["activities"][0]["file"]  # the bomb goes where the run should be
    zips: dict[str, dict[str, bytes | int]] = {
        "zip-slip.zip": {"runner.json": document, "../../escaped.fit": b"x"},
        "zip-absolute.zip": {"runner.json": document, "/tmp/absolute.fit": b"x"},
        "zip-bomb.zip": {"runner.json": document, listed: BOMB},
    }
    for name, members in zips.items():
        (out / name).write_bytes(_zip(members))
        # A bomb where a run should be is skipped, as any unreadable run is.
        bomb = "bomb" in name
        written.append(Hostile(name, "bundle", not bomb, "bomb" if bomb else "unsafe"))
    # A run runner.json does not name, its path too long to keep: skipped alone.
    journal = json.dumps(runner_document(replace(_spec(), runs=()))).encode()
    run = activity_bytes(_spec().runs[0], _spec().tz)
    members = {"runner.json": journal, f"activities/{LONG_PATH}": run}
    (out / "zip-long-path.zip").write_bytes(_zip(members))
    written.append(Hostile("zip-long-path.zip", "bundle", False, "path longer than"))
    return written
