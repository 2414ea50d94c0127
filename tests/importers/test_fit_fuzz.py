"""Whatever the bytes, ``read_fit`` returns an Activity or raises a ReadError.

Random bytes rarely get past the header, so most examples start from real files
(bit flips, cuts, inserted and deleted bytes) or wrap random bytes in a valid
header and CRC, which sends garbage all the way into the message parser.
"""

from __future__ import annotations

import struct

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelight.core.activity import COLUMNS, Activity
from stridelight.importers.errors import ReadError
from stridelight.importers.fit import read_fit
from stridelight.importers.fit.crc import crc16_reference
from tests.conftest import REAL

SEEDS = [
    (REAL / "fit" / name).read_bytes()
    for name in (
        "fitparse__Activity.fit",
        "fitparse__garmin-fenix-5-walk.fit",
        "fitparse__compressed-speed-distance.fit",
        "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",
        "muktihari-fit__activity_multisport.fit",
        "fitparse__sample_mulitple_header.fit",
    )
]
FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def read_or_refuse(data: bytes) -> None:
    try:
        activity = read_fit(data, source="fuzz.fit")
    except ReadError as error:
        assert str(error).startswith("fuzz.fit: ")
        assert "\n" not in str(error)
        return
    assert isinstance(activity, Activity)
    assert activity.records > 0
    assert len({activity.samples[c].size for c in COLUMNS}) == 1


def with_header(body: bytes) -> bytes:
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16_reference(header))
    return header + body + struct.pack("<H", crc16_reference(header + body))


@FUZZ
@given(st.binary(max_size=2000))
def test_it_refuses_random_bytes_cleanly(data: bytes) -> None:
    read_or_refuse(data)


@FUZZ
@given(st.binary(max_size=3000))
def test_it_survives_garbage_behind_a_valid_header_and_crc(body: bytes) -> None:
    read_or_refuse(with_header(body))


@FUZZ
@given(
    st.sampled_from(range(len(SEEDS))),
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 7)), max_size=8
    ),
)
def test_it_survives_bit_flips_in_real_files(
    seed: int, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(SEEDS[seed])
    for where, bit in flips:
        data[int(where * len(data))] ^= 1 << bit
    read_or_refuse(bytes(data))


@FUZZ
@given(st.sampled_from(range(len(SEEDS))), st.floats(0, 1))
def test_it_survives_real_files_cut_anywhere(seed: int, where: float) -> None:
    data = SEEDS[seed]
    read_or_refuse(data[: int(where * len(data))])


@FUZZ
@given(
    st.sampled_from(range(len(SEEDS))),
    st.floats(0, 1, exclude_max=True),
    st.binary(min_size=1, max_size=16),
    st.integers(0, 16),
    st.booleans(),
)
def test_it_survives_inserted_and_deleted_bytes(
    seed: int, where: float, inserted: bytes, deleted: int, fix_crc: bool
) -> None:
    data = SEEDS[seed]
    at = int(where * len(data))
    mutated = data[:at] + inserted + data[at + deleted :]
    if fix_crc:  # a consistent file whose messages are nonsense from ``at`` on
        mutated = with_header(mutated[14:-2]) if len(mutated) > 16 else mutated
    read_or_refuse(mutated)


@FUZZ
@given(st.binary(min_size=1, max_size=64), st.integers(0, 255))
def test_it_survives_definitions_of_any_shape(fields: bytes, local: int) -> None:
    # A definition with random field triples, then data for it.
    count = len(fields) // 3
    definition = (
        bytes([0x40 | local & 0x2F, 0, local & 1, 20, 0, count]) + fields[: 3 * count]
    )
    size = sum(fields[1 : 3 * count : 3])
    data = bytes(
        np.random.default_rng(local).integers(0, 256, size + 1, dtype=np.uint8)
    )
    body = definition + bytes([local & 0x0F]) + data[1:]
    read_or_refuse(with_header(body * 2))
