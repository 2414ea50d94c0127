"""Quick FIT timing: our reader against fitdecode, Garmin's SDK and fitfast.

Every decoder gets the same decompressed bytes of every file in
``../shared/data/real/fit``; errors are caught and count as done (a reader that
gives up early is not penalised).  Best of ``--repeat`` runs, same process.

    .venv/bin/python bench/fit_quick.py [--repeat 3] [--skip-slow]
"""

from __future__ import annotations

import argparse
import gzip
import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT.parent / "shared" / "data" / "real" / "fit"


def load(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(archive.namelist()[0])
    return data


def ours(data: bytes) -> None:
    from stridelight.importers.fit import read_fit

    read_fit(data)


def fitdecode_all(data: bytes) -> None:
    import fitdecode

    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        for _frame in reader:
            pass


def sdk(data: bytes) -> None:
    from garmin_fit_sdk import Decoder, Stream

    Decoder(Stream.from_byte_array(bytearray(data))).read(
        apply_scale_and_offset=True,
        expand_components=True,
        convert_datetimes_to_dates=False,
        merge_heart_rates=False,
    )


def fitfast_records(data: bytes) -> None:
    import fitfast

    fitfast.records(data)


def fitfast_parse(data: bytes) -> None:
    import fitfast

    fitfast.parse(data)


def best_of(fn: Callable[[bytes], None], files: list[bytes], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for data in files:
            try:
                fn(data)
            except Exception:  # broken files count as read
                continue
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip-slow", action="store_true", help="ours and fitfast only"
    )
    args = parser.parse_args()
    import warnings

    warnings.simplefilter("ignore")
    files = [load(p) for p in sorted(FOLDER.iterdir()) if ".fit" in p.name.lower()]
    megabytes = sum(map(len, files)) / 1e6
    ours(files[0])  # import the profile once, outside the timing
    readers: list[tuple[str, Callable[[bytes], None]]] = [
        ("stridelight", ours),
        ("fitfast.records", fitfast_records),
        ("fitfast.parse", fitfast_parse),
    ]
    if not args.skip_slow:
        readers += [("fitdecode", fitdecode_all), ("garmin_fit_sdk", sdk)]
    print(f"{len(files)} files, {megabytes:.2f} MB, best of {args.repeat}")
    times = {name: best_of(fn, files, args.repeat) for name, fn in readers}
    for name, seconds in times.items():
        ratio = times.get("fitdecode", float("nan")) / seconds
        print(
            f"{name:16s} {seconds:8.3f} s {megabytes / seconds:8.1f} MB/s"
            f"  {ratio:6.1f}x fitdecode"
        )


if __name__ == "__main__":
    main()
