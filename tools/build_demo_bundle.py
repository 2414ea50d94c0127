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

The story (recordings, schedule, journal) is in demo_story.py and the timestamp
rewriting in demo_timeshift.py, both beside this script.  The output is the same
bytes on every run: no clock, no randomness.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

from stridelight.importers.bundle import make_bundle, write_bundle

TOOLS = Path(__file__).resolve().parent
if str(TOOLS) not in sys.path:  # loaded by path (as the tests do) rather than run
    sys.path.insert(0, str(TOOLS))

from demo_story import (  # noqa: E402  (the helper modules beside this script)
    ABOUT,
    FIRST_MONDAY,
    GOAL,
    RECORDINGS,
    Recording,
    Run,
    journal,
    local,
    schedule,
)
from demo_timeshift import fit_start, shift_fit, shift_xml, xml_start  # noqa: E402

REPO = TOOLS.parent
SHARED = Path(os.environ.get("STRIDELIGHT_SHARED", REPO.parent / "shared"))
OUT = REPO / "samples"


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
