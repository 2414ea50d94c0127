"""Hypothesis over the one entry every importer shares: ``importers.read``.

The format readers have their own fuzz tests (tests/importers/*fuzz*,
test_xml_safety.py, test_archive_safety.py); this one goes in by the front
door, as ``decode``, ``import`` and the upload do, with the wrappers (gzip,
a one-file zip) around mutated real files of every format.  Whatever the
bytes: an Activity, or a ReadError naming the file in one line.
"""

from __future__ import annotations

import gzip
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelight.core.activity import COLUMNS, Activity
from stridelight.importers import ReadError, read
from tests.hostile import FIT, GPX, TCX

SEEDS = [path.read_bytes()[:6000] for path in (FIT, GPX, TCX)]
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def read_or_refuse(data: bytes) -> None:
    try:
        activity = read(io.BytesIO(data))
    except ReadError as error:
        assert "\n" not in str(error)
        assert str(error).split(": ", 1)[1], "an error says what is wrong"
        return
    assert isinstance(activity, Activity)
    assert len({activity.samples[c].size for c in COLUMNS}) == 1


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A real file of some format, cut, with bytes flipped, inserted or deleted."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        where = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(("flip", "insert", "delete")))
        if action == "flip":
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif len(data) > 1:
            del data[where]
    return bytes(data[: draw(st.integers(0, len(data)))])


def wrapped(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data, mtime=0)
    if how == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("run.fit", data)
        return buffer.getvalue()
    return data


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_activity_or_a_read_error(data: bytes) -> None:
    read_or_refuse(data)


@FUZZ
@given(mutated(), st.sampled_from(("plain", "gzip", "zip")))
def test_mutated_real_files_in_any_wrapper_give_an_activity_or_a_read_error(
    data: bytes, how: str
) -> None:
    read_or_refuse(wrapped(data, how))


@FUZZ
@given(mutated(), st.integers(1, 64))
def test_a_wrapper_cut_short_gives_an_activity_or_a_read_error(
    data: bytes, cut: int
) -> None:
    packed = gzip.compress(data, mtime=0)
    read_or_refuse(packed[: max(0, len(packed) - cut)])
