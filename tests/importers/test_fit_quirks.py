"""FIT's own quirks: hand-built files, then real files that test the reader.

Small FIT files are written by hand below (big-endian definitions, compressed
timestamps), since no encoder we have writes them.  The contract and whole-file
summaries are in ``test_fit.py``.
"""

from __future__ import annotations

import io
import struct
from typing import Any

import fitdecode
import numpy as np
import pytest
from garmin_fit_sdk import CrcCalculator
from hypothesis import given, settings
from hypothesis import strategies as st

from stridelight.importers.errors import (
    CorruptFileError,
    NotAnActivityError,
    UnsupportedFormatError,
)
from stridelight.importers.fit import read_fit
from stridelight.importers.fit.crc import crc16, crc16_reference
from tests.importers.fit_files import FIT_EPOCH, column, real, sdk_messages

RECORD, SESSION = 20, 18
UINT8, UINT16, SINT32, UINT32, BYTE = 0x02, 0x84, 0x85, 0x86, 0x0D


# --- hand-built FIT files ----------------------------------------------------


def fit_file(body: bytes, header_size: int = 14) -> bytes:
    header = struct.pack("<BBHI4s", header_size, 0x20, 2132, len(body), b".FIT")
    if header_size == 14:
        header += struct.pack("<H", crc16_reference(header))
    data = header + body
    return data + struct.pack("<H", crc16_reference(data))


def definition(
    local: int,
    global_num: int,
    fields: list[tuple[int, int, int]],
    *,
    big: bool = False,
    dev: list[tuple[int, int, int]] | None = None,
) -> bytes:
    header = 0x40 | local | (0x20 if dev else 0)
    out = bytes([header, 0, int(big)]) + struct.pack(">H" if big else "<H", global_num)
    out += bytes([len(fields), *(b for f in fields for b in f)])
    if dev:
        out += bytes([len(dev), *(b for f in dev for b in f)])
    return out


def message(header: int, fmt: str, *values: int | bytes, big: bool = False) -> bytes:
    return bytes([header]) + struct.pack((">" if big else "<") + fmt, *values)


RECORD_TIME_HR = [(253, 4, UINT32), (3, 1, UINT8)]


def test_it_reads_big_endian_definitions() -> None:
    body = definition(
        0, RECORD, [(253, 4, UINT32), (0, 4, SINT32), (7, 2, UINT16)], big=True
    )
    body += message(0, "IiH", 1_000_000_000, -(2**30), 250, big=True)
    activity = read_fit(fit_file(body))
    assert activity.samples["t"][0] == 1_000_000_000 + FIT_EPOCH
    assert activity.samples["lat"][0] == -90.0
    assert activity.samples["power_w"][0] == 250


_ROW = st.tuples(
    st.integers(0, 0xFFFFFFFF),  # timestamp; 0xFFFFFFFF is "invalid"
    st.integers(-(2**31), 2**31 - 1),  # position_lat; 0x7FFFFFFF is invalid
    st.integers(0, 0xFFFF),  # altitude, scale 5 offset 500
    st.integers(0, 0xFF),  # heart_rate
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.lists(_ROW, max_size=5)), min_size=1))
def test_it_decodes_hand_written_records_of_either_byte_order(
    blocks: list[tuple[bool, list[tuple[int, int, int, int]]]],
) -> None:
    fields = [(253, 4, UINT32), (0, 4, SINT32), (2, 2, UINT16), (3, 1, UINT8)]
    body, rows = b"", []
    for local, (big, block) in enumerate(blocks):
        body += definition(local % 16, RECORD, fields, big=big)
        body += b"".join(message(local % 16, "IiHB", *row, big=big) for row in block)
        rows += block
    try:
        samples = read_fit(fit_file(body)).samples
    except NotAnActivityError:
        assert not rows
        return

    def expect(i: int, invalid: int, convert: Any) -> list[float]:
        return [np.nan if r[i] == invalid else convert(r[i]) for r in rows]

    np.testing.assert_array_equal(
        samples["t"], expect(0, 0xFFFFFFFF, lambda v: v + FIT_EPOCH)
    )
    np.testing.assert_array_equal(
        samples["lat"], expect(1, 0x7FFFFFFF, lambda v: v * (180 / 2**31))
    )
    np.testing.assert_array_equal(
        samples["alt_m"], expect(2, 0xFFFF, lambda v: v / 5 - 500)
    )
    np.testing.assert_array_equal(samples["hr_bpm"], expect(3, 0xFF, float))


def test_it_rebuilds_compressed_timestamps_across_the_5_bit_rollover() -> None:
    start = 1_000_000_030  # low five bits: 30
    body = definition(0, RECORD, RECORD_TIME_HR) + message(0, "IB", start, 100)
    body += definition(1, RECORD, [(3, 1, UINT8)])
    for offset, hr in ((31, 101), (1, 102), (1, 103), (7, 104)):
        body += message(0x80 | (1 << 5) | offset, "B", hr)
    t = read_fit(fit_file(body)).samples["t"] - FIT_EPOCH
    # 30 -> 31 (+1), wraps to 1 (+2), same 1 (+0), 7 (+6)
    assert t.tolist() == [start, start + 1, start + 3, start + 3, start + 9]


def test_it_resolves_compressed_timestamps_from_any_message_kind() -> None:
    event = definition(0, 21, [(253, 4, UINT32)]) + message(0, "I", 1_000_000_000)
    body = event + definition(1, RECORD, [(3, 1, UINT8)])
    body += message(0x80 | (1 << 5) | 5, "B", 120)
    assert read_fit(fit_file(body)).samples["t"][0] - FIT_EPOCH == 1_000_000_005


def test_it_skips_developer_fields_by_their_declared_size() -> None:
    dev = [(0, 3, 0), (1, 5, 0)]  # 8 bytes of developer data after the fields
    body = definition(0, RECORD, RECORD_TIME_HR, dev=dev)
    for i in range(3):
        body += message(0, "IB", 1_000_000_000 + i, 140 + i) + b"\xaa" * 8
    assert read_fit(fit_file(body)).samples["hr_bpm"].tolist() == [140, 141, 142]


def test_it_accumulates_compressed_speed_distance() -> None:
    body = definition(0, RECORD, [(253, 4, UINT32), (8, 3, BYTE)])
    distance = 0
    for i, step in enumerate((0, 1000, 3000, 100)):  # 1/16 m, 12-bit counter
        distance += step
        packed = 250 | (distance % 4096) << 12  # speed 2.50 m/s
        body += message(0, "I3s", 1_000_000_000 + i, packed.to_bytes(3, "little"))
    samples = read_fit(fit_file(body)).samples
    assert samples["dist_m"].tolist() == [0, 62.5, 250, 256.25]
    assert samples["speed_mps"].tolist() == [2.5] * 4


def test_it_ignores_a_header_crc_of_zero_but_rejects_a_wrong_one() -> None:
    body = definition(0, RECORD, RECORD_TIME_HR) + message(0, "IB", 1_000_000_000, 90)
    good = bytearray(fit_file(body))
    good[12:14] = b"\0\0"
    good[-2:] = struct.pack("<H", crc16_reference(bytes(good[:-2])))
    assert read_fit(bytes(good)).records == 1
    good[12] ^= 1
    good[-2:] = struct.pack("<H", crc16_reference(bytes(good[:-2])))
    with pytest.raises(CorruptFileError, match="header CRC mismatch"):
        read_fit(bytes(good), source="x.fit")


def test_it_names_what_the_header_says_when_it_is_not_fit() -> None:
    data = bytearray(fit_file(b""))
    data[8:12] = b".FAX"
    with pytest.raises(UnsupportedFormatError) as caught:
        read_fit(bytes(data), source="x.fit")
    assert str(caught.value) == "x.fit: not a FIT file (header says '.FAX')"


# --- quirks of real files ----------------------------------------------------


def fitdecode_records(data: bytes) -> list[dict[str, Any]]:
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        return [
            {f.name: f.value for f in frame.fields}
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record"
        ]


@pytest.mark.parametrize(
    "name",
    ["fitparse__antfs-dump.63.fit", "fitparse__compressed-speed-distance.fit"],
)
def test_it_reads_compressed_timestamps_as_fitdecode_does(name: str) -> None:
    # Garmin's Python SDK stops at the first compressed-timestamp header, so
    # fitdecode is the reference for these two FR70 / foot-pod files.
    data = real(name)
    ours = read_fit(data, source=name).samples
    theirs = fitdecode_records(data)
    assert len(theirs) == ours["t"].size > 600
    # Device clock unset: fitdecode leaves these "system time" values as ints.
    np.testing.assert_array_equal(ours["t"], column(theirs, "timestamp") + FIT_EPOCH)
    np.testing.assert_array_equal(ours["hr_bpm"], column(theirs, "heart_rate"))
    np.testing.assert_array_equal(ours["dist_m"], column(theirs, "distance"))
    # The SDK's rule turns a 12-bit speed of 2.03 into enhanced_speed 2.029
    # (int() of 2.03 * 1000); we follow the SDK, fitdecode does not.
    np.testing.assert_allclose(ours["speed_mps"], column(theirs, "speed"), atol=0.0011)


def test_it_warns_when_the_device_clock_was_not_set() -> None:
    activity = read_fit(real("fitparse__compressed-speed-distance.fit"))
    assert activity.start is not None and activity.start.year == 1990
    assert any("clock was not set" in w for w in activity.warnings)


def test_it_concatenates_the_records_of_chained_files() -> None:
    name = "fitparse__sample_mulitple_header.fit"
    activity = read_fit(real(name))
    assert activity.records == len(sdk_messages(real(name))["record_mesgs"]) == 1773
    assert activity.extra["fit_segments"] == "4"
    t = activity.samples["t"]
    assert (np.diff(t[~np.isnan(t)]) >= 0).all()


def test_it_reads_a_file_chained_to_itself_twice_over() -> None:
    data = real("fitparse__activity-small-fenix2-run.fit")
    once, twice = read_fit(data), read_fit(data + data)
    assert twice.records == 2 * once.records
    np.testing.assert_array_equal(
        twice.samples["hr_bpm"][once.records :], once.samples["hr_bpm"]
    )


def test_it_decodes_records_around_developer_fields() -> None:
    name = "fitparse__developer-types-sample.fit"
    activity = read_fit(real(name))
    sdk = sdk_messages(real(name))["record_mesgs"]
    assert activity.records == len(sdk) == 3424
    assert activity.samples["hr_bpm"][-1] == sdk[-1]["heart_rate"]
    assert activity.device == "stryd"


def test_it_rejects_a_file_crc_mismatch_naming_both_values() -> None:
    with pytest.raises(CorruptFileError) as caught:
        read_fit(real("fitparse__activity-filecrc.fit"), source="x.fit")
    assert str(caught.value) == (
        "x.fit: file CRC mismatch (stored 0xB1D5, computed 0xA1D5)"
    )


def test_it_rejects_a_flipped_bit_inside_the_data() -> None:
    data = bytearray(real("fitparse__activity-small-fenix2-run.fit"))
    data[len(data) // 2] ^= 0x10
    with pytest.raises(CorruptFileError, match="CRC mismatch"):
        read_fit(bytes(data))


def test_it_keeps_the_records_before_an_unexpected_end() -> None:
    activity = read_fit(real("fitparse__activity-unexpected-eof.fit"))
    assert activity.records == 14
    assert activity.warnings == ("truncated at byte 768: 14 records kept",)


def test_it_treats_a_header_sized_to_a_cut_file_as_truncation() -> None:
    # nick.fit's header counts every byte but two, yet its last message runs on
    # past them: those two bytes are data, not a CRC.
    activity = read_fit(real("fitparse__nick.fit"))
    assert activity.records == 14391
    assert activity.warnings[-1] == "truncated at byte 403456: 14391 records kept"


def test_it_recovers_a_recording_that_was_never_finalised() -> None:
    activity = read_fit(real("sports-lib__broken.fit"))
    assert activity.records == 2319
    assert "never finalised" in activity.warnings[0]


def test_it_stops_at_a_message_of_an_undefined_local_type() -> None:
    activity = read_fit(real("fitparse__strava-android-app-201.10-b1218918.fit"))
    assert activity.records == 473
    assert "undefined local type 11 at byte 7471" in activity.warnings[0]


@pytest.mark.parametrize("cut", [0.25, 0.5, 0.9, 0.999])
def test_it_gives_a_prefix_of_the_records_whatever_the_cut(cut: float) -> None:
    data = real("fitparse__sample-activity.fit")
    whole = read_fit(data)
    part = read_fit(data[: int(len(data) * cut)])
    assert 0 < part.records <= whole.records
    for name, values in part.samples.items():
        np.testing.assert_array_equal(values, whole.samples[name][: part.records])
    assert part.warnings[-1].endswith(f": {part.records} records kept")


def test_it_keeps_an_activity_followed_by_junk() -> None:
    activity = read_fit(real("fitparse__activity-settings-corruptheader.fit"))
    assert activity.records == 14
    assert activity.warnings == ("ignored 83 bytes after the FIT data at byte 771",)


# --- the CRC -----------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_it_computes_the_crc_as_garmins_sdk(data: bytes) -> None:
    assert crc16(data) == CrcCalculator.calculate_crc(data, 0, len(data))


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=300_000), st.randoms(use_true_random=False))
def test_it_computes_the_crc_of_long_inputs_as_the_byte_loop(
    size: int, rnd: Any
) -> None:
    # Sizes around every chunk length and fold depth of the vectorised version.
    data = rnd.randbytes(size)
    assert crc16(data) == crc16_reference(data)


def test_a_file_cut_before_its_session_takes_its_sport_from_a_lap() -> None:
    """Laps are written as each ends; the session, with the sport, comes last."""
    data = real("fitparse__2013-02-06-12-11-14.fit")
    cut = read_fit(data[: len(data) * 2 // 3])
    assert cut.truncated and not read_fit(data).truncated
    assert (cut.sport, read_fit(data).sport) == ("running", "running")
