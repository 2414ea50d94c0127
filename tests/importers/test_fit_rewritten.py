"""Exactness beyond the real files: real files re-written, structure changed.

``test_fit_exact.py`` holds us to Garmin's SDK on the real files, but they show
few of the ways a FIT file may be laid out.  Of the 62 real files, 17 have
big-endian definitions (5 of them with developer fields, 5 with multi-byte
arrays); 6 are chained, and the only big-endian chains are two broken files;
only two use compressed-timestamp headers, and the SDK cannot read them; 52
redefine a local number for another message; 25 have multi-byte arrays, none
in a record.  None gives one message two field orders.

So a handful of small real files are re-written by ``fit_rewrite.py`` into
equivalent files (byte order, local numbers, field order, compressed-timestamp
headers, a second segment, header sizes: random combinations) and each must
pass the real-file comparison of ``test_fit_exact.py``.  Two more checks keep
the test honest: the SDK must decode the re-written file to exactly the
messages of the original (proving the re-writer right), and our records must
equal the SDK's records of the original.

The SDK stops at the first compressed-timestamp header ("not currently
supported").  The real-file comparison would then take the sport from the
messages read before the stop, with no session yet to say "running" (so
cadence would not be doubled).  For those files, instead: the SDK's records
must be the first of the original's, fitdecode must read the same messages as
on the original (it vouches for the re-writer), and our records must equal the
SDK's on the original.  fitdecode reads each segment of a chain as a file of
its own (developer data and rolling counters start afresh) where the SDK and
we carry them on, so it is given the same messages unsplit.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import fitdecode
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stridelight.importers.fit import read_fit
from stridelight.importers.fit.scan import scan
from tests.importers.fit_files import real
from tests.importers.fit_rewrite import Fit, Plan, Stats, read, write
from tests.importers.test_fit_exact import (
    SDK_CANNOT,
    assert_agrees_with_sdk,
    assert_same_records,
    expected_columns,
    sdk_decode,
)

#: Small, SDK-clean files, each with something of its own; how many messages to
#: keep where the whole file would be slow.
FILES = {
    "fitparse__Activity.fit": None,  # big-endian, 12-byte header
    "muktihari-fit__activity_poolswim.fit": None,  # 62 redefinitions, lengths
    "muktihari-fit__activity_multisport.fit": None,  # sports by session, arrays
    # big-endian definitions with developer fields, no application id
    "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit": None,
    "tormoder-fit__unterminated-strings.fit": None,  # strings, developer fields
    "fitparse__garmin-fenix-5-walk.fit": None,  # multi-byte arrays (hrv, events)
    "fitparse__2015-10-13-08-43-15.fit": None,  # records a second apart
    "fitparse__20170518-191602-1740899583.fit": 400,  # a developer power stand-in
    "fitparse__null_compressed_speed_dist.fit": 300,  # a rolling distance counter
}


@dataclass(frozen=True)
class Original:
    fit: Fit
    limit: int | None
    sdk: Any  # the SDK's messages, comparable
    fitdecode: Any  # fitdecode's data messages, comparable
    expected: dict[str, np.ndarray]  # the SDK's record columns
    count: int


@cache
def original(name: str) -> Original:
    data, limit = real(name), FILES[name]
    fit = read(data)
    if limit is not None:  # the first messages only, re-written as they were
        data = write(fit, Plan(limit=limit), random.Random(0))[0]
    messages, errors = sdk_decode(data)
    assert not errors
    expected = expected_columns(messages)
    return Original(
        fit,
        limit,
        comparable(messages),
        comparable(fitdecode_messages(data)),
        expected,
        expected["t"].size,
    )


def comparable(value: Any) -> Any:
    """``value`` with NaN equal to itself and lists equal to tuples."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return tuple(comparable(v) for v in value)
    return value


def fitdecode_messages(data: bytes) -> list[tuple[str, list[tuple[str, str]]]]:
    """fitdecode's data messages: the raw value of each field in the file, and
    the time of a compressed header.

    Values expanded from components are left out: fitdecode restarts a rolling
    counter at every definition of its message and at every segment, which the
    SDK does not (and a re-written file has more of both).  A compressed
    header's time is "timestamp" even in a message the profile does not know,
    where field 253 is otherwise "unknown_253".  Sorted: field order changes.
    """
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        return [
            (
                frame.name,
                sorted(
                    (
                        "timestamp" if f.name == "unknown_253" else f.name,
                        repr(comparable(f.raw_value)),
                    )
                    for f in frame.fields
                    if f.field_def is not None or f.name == "timestamp"
                ),
            )
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage)
        ]


def check(name: str, plan: Plan, rnd: random.Random) -> tuple[bytes, Stats]:
    """Re-write ``name`` by ``plan`` and hold everyone to it; the file and stats."""
    base = original(name)
    data, stats = write(base.fit, replace(plan, limit=base.limit), rnd)
    source = f"rewritten {name}"
    if stats.compressed:
        messages, errors = sdk_decode(data)
        assert errors and SDK_CANNOT in str(errors[0]), errors
        # The SDK stops here: see the module docstring.
        records = comparable(messages.get("record_mesgs", []))
        assert records == base.sdk["record_mesgs"][: len(records)]
        assert comparable(fitdecode_messages(stats.unsplit)) == base.fitdecode
        ours = read_fit(data, source=source)
    else:
        messages, errors, got = assert_agrees_with_sdk(data, source)
        assert not errors, errors
        assert comparable(messages) == base.sdk
        assert got is not None
        ours = got
    assert ours.records == base.count
    assert_same_records(ours, base.expected, base.count)
    return data, stats


plans = st.builds(
    Plan,
    byte_order=st.sampled_from(["keep", "little", "big", "mixed"]),
    locals=st.one_of(
        st.just(()),
        st.lists(st.integers(0, 15), min_size=1, max_size=16, unique=True).map(tuple),
    ),
    permute=st.booleans(),
    compress=st.sampled_from([0.0, 0.5, 1.0]),
    split=st.none() | st.floats(0, 1),
    headers=st.tuples(*[st.sampled_from([12, 14, 0])] * 2),
)


@pytest.mark.parametrize("name", list(FILES))
@settings(max_examples=25, deadline=None)
@given(plan=plans, rnd=st.randoms(use_true_random=False))
def test_it_decodes_rewritten_files_as_garmins_sdk(
    name: str, plan: Plan, rnd: random.Random
) -> None:
    check(name, plan, rnd)


# --- each transform alone, to show it takes place ----------------------------

ONE = "fitparse__2015-10-13-08-43-15.fit"


def test_the_rewriter_writes_a_file_back_byte_for_byte() -> None:
    data = real("muktihari-fit__activity_poolswim.fit")
    assert write(read(data), Plan(), random.Random(0))[0] == data


def test_it_reads_every_definition_big_endian() -> None:
    data, stats = check(ONE, Plan(byte_order="big"), random.Random(1))
    assert all(d.big_endian for d in scan(data, ONE).definitions)
    assert stats.big == stats.definitions > 0


def test_it_reads_local_numbers_redefined_for_other_messages() -> None:
    _, stats = check(ONE, Plan(locals=(3, 9)), random.Random(2))
    assert stats.redefinitions > 10


def test_it_reads_fields_in_any_order() -> None:
    _, stats = check(ONE, Plan(permute=True), random.Random(3))
    assert stats.permuted > 0


def test_it_reads_compressed_timestamps_on_every_record_it_can() -> None:
    data, stats = check(ONE, Plan(locals=(0, 1, 2, 3), compress=1.0), random.Random(4))
    assert (scan(data, ONE).time_offsets >= 0).sum() == stats.compressed > 200


def test_it_reads_a_file_split_into_two_segments() -> None:
    data, stats = check(ONE, Plan(split=0.5, headers=(12, 0)), random.Random(5))
    assert scan(data, ONE).segment_starts.size == stats.segments == 2
    assert data[0] == 12
