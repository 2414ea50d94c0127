"""Text output for ``stridelight decode``: records as JSON lines or CSV, and summaries.

Rows are built a column at a time with NumPy's string functions instead of a
``json.dumps`` per record: a 100,000-record file prints in a fraction of a second.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import reduce
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import typer
from rich.console import Console

from stridelight.core.activity import COLUMNS, Activity, FloatArray
from stridelight.core.as_of import default_as_of, stale_notice
from stridelight.core.journal import RunnerData

Text = npt.NDArray[Any]  # StringDType arrays; the stubs have no narrower name

#: Decimals kept per column: lat/lon to about a centimetre, the rest to a
#: thousandth, which is finer than any device records.
DECIMALS: Mapping[str, int] = {"lat": 7, "lon": 7}
DEFAULT_DECIMALS = 3
#: Rows formatted at once; bounds the memory the string arrays take.
BLOCK_ROWS = 50_000

_STR = np.dtypes.StringDType()


def render(
    activity: Activity, *, file: str, csv: bool, summary: bool, header: bool
) -> str:
    """What ``decode`` prints for one file."""
    if summary:
        return summary_json(activity, file=file)
    if csv:
        return records_csv(activity, header=header)
    return records_jsonl(activity)


def records_jsonl(activity: Activity) -> str:
    """One JSON object per record, keys in COLUMNS order, absent values as null."""
    return _join_rows(activity, _jsonl_block)


def records_csv(activity: Activity, *, header: bool) -> str:
    body = _join_rows(activity, _csv_block)
    return ",".join(COLUMNS) + "\n" + body if header else body


def summary(activity: Activity, *, file: str) -> dict[str, object]:
    """The ``--summary`` object: the DESIGN §4 keys plus a few useful extras."""
    start = activity.start
    return {
        "file": file,
        "sport": activity.sport,
        "start": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if start
        else None,
        "duration_s": _round(activity.duration_s),
        "moving_time_s": _round(activity.moving_time_s),
        "distance_m": _round(activity.distance_m),
        "records": activity.records,
        "device": activity.device,
        "step_length_m": _round(activity.step_length_m),
    }


def summary_json(activity: Activity, *, file: str) -> str:
    return json.dumps(summary(activity, file=file), ensure_ascii=False) + "\n"


def write_stdout(text: str) -> None:
    """Write, and go quiet when the reader of a pipe (``| head``) has gone."""
    with quiet_when_reader_leaves():
        sys.stdout.write(text)
        sys.stdout.flush()


@contextmanager
def quiet_when_reader_leaves() -> Iterator[None]:
    """Exit 0 without a word when stdout's reader has gone (``… | head``).

    The reader took what it wanted: that is a success, not a traceback.
    """
    try:
        yield
    except BrokenPipeError:
        # Python would complain again when flushing at exit; point stdout nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0) from None


class StdoutConsole(Console):
    """Rich output to stdout that, like ``write_stdout``, exits 0 when the pipe's
    reader has gone (rich's own default is exit code 1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0)


def cannot_write(what: str, path: Path, exc: OSError) -> str:
    """One line for a file that could not be written: where, and why in plain words."""
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        why = "that is a folder; give a file name"
    elif isinstance(exc, NotADirectoryError | FileExistsError):
        why = "a part of that path is a file, not a folder"
    else:
        why = exc.strerror or str(exc)
    return f"cannot write {what} to {path}: {why}"


def _round(value: float | None, decimals: int = 3) -> float | None:
    return None if value is None else round(value, decimals)


# --- rows -----------------------------------------------------------------------


def _join_rows(activity: Activity, block: Any) -> str:
    samples = activity.samples
    n = activity.records
    lines: list[str] = []
    for lo in range(0, n, BLOCK_ROWS):
        part = {name: samples[name][lo : lo + BLOCK_ROWS] for name in COLUMNS}
        lines.extend(block(part).tolist())
    return "".join(line + "\n" for line in lines)


def _jsonl_block(part: Mapping[str, FloatArray]) -> Text:
    pieces: list[Text | str] = []
    for i, name in enumerate(COLUMNS):
        pieces.append(("{" if i == 0 else ",") + f'"{name}":')
        if name == "t":
            pieces.append(_iso_times(part[name], quote='"', null="null"))
        else:
            pieces.append(_numbers(part[name], _decimals(name), null="null"))
    pieces.append("}")
    return _concat(pieces)


def _csv_block(part: Mapping[str, FloatArray]) -> Text:
    pieces: list[Text | str] = []
    for i, name in enumerate(COLUMNS):
        if i:
            pieces.append(",")
        if name == "t":
            pieces.append(_iso_times(part[name], quote="", null=""))
        else:
            pieces.append(_numbers(part[name], _decimals(name), null=""))
    return _concat(pieces)


def _concat(pieces: list[Text | str]) -> Text:
    return reduce(np.strings.add, pieces[1:], np.asarray(pieces[0], dtype=_STR))


def _decimals(name: str) -> int:
    return DECIMALS.get(name, DEFAULT_DECIMALS)


def _numbers(values: FloatArray, decimals: int, *, null: str) -> Text:
    """Shortest text of each rounded value; whole numbers without ".0"."""
    finite = np.isfinite(values)
    rounded = np.round(np.where(finite, values, 0.0), decimals)
    if np.array_equal(rounded, np.trunc(rounded)) and np.all(np.abs(rounded) < 2**53):
        text = rounded.astype(np.int64).astype(_STR)
    else:
        text = rounded.astype(_STR)
    return np.where(finite, text, null).astype(_STR)


def _iso_times(t: FloatArray, *, quote: str, null: str) -> Text:
    """ISO 8601 UTC with a Z, to the second, or to the millisecond when needed."""
    finite = np.isfinite(t)
    seconds = np.where(finite, t, 0.0)
    if np.array_equal(seconds, np.trunc(seconds)):
        whole = seconds.astype(np.int64).astype("datetime64[s]")
        stamps = np.datetime_as_string(whole, unit="s")
    else:
        millis = np.round(seconds * 1000).astype(np.int64).astype("datetime64[ms]")
        stamps = np.datetime_as_string(millis, unit="ms")
    text = np.strings.add(np.strings.add(quote, stamps.astype(_STR)), "Z" + quote)
    return np.where(finite, text, null).astype(_STR)


def analysis_day(on: str | None, data: RunnerData) -> tuple[date, date | None]:
    """The day ``--on`` asks for, else today or the newest data's day, and the day
    it was moved from when the data ended long before today (said on stderr).

    A bad ``--on`` is one error line and exit code 2.
    """
    if on is not None:
        try:
            return date.fromisoformat(on), None
        except ValueError:
            typer.echo(f"error: --on {on!r}: not a date, use YYYY-MM-DD", err=True)
            raise typer.Exit(2) from None
    # The edge of the program: the only place that reads the clock, in the
    # runner's zone.
    today = datetime.now(data.profile.zone).date()
    as_of = default_as_of(data, today)
    if as_of == today:
        return as_of, None
    notice = stale_notice(as_of, today)
    typer.echo(f"notice: {notice} Use --on DATE for another day.", err=True)
    return as_of, today
