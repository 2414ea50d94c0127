"""Exactness: our records are Garmin's FIT SDK's records, value for value.

Every FIT file of the real folder is decoded by ``garmin_fit_sdk`` and by us.
Where the SDK reads the file without error we must give the same number of
records and, per record, the same time, position, altitude, distance, speed,
heart rate, cadence and power (to 1e-9 relative; NaN where the SDK has no
value).  Power is the SDK's native ``power``, or where a record has none, the
SDK's value of a developer field whose description stands in for record field 7
(``developer_fields`` keyed by the description's index; the SDK keeps invalid
values raw and applies no scale, so the test does both).  Where the SDK stops
with an error we must either raise a ReadError or return an activity that says
what went wrong, and the records the SDK did decode must be the first of ours.
Files of the real folder on which the SDK errors, and why:

* fitparse__activity-filecrc.fit, fitparse__activity-activity-filecrc.fit: a
  wrong file CRC (in the second segment of the chained one): CorruptFileError.
* fitparse__activity-settings-corruptheader.fit: an activity followed by 83
  bytes whose header says '.GIT': we keep the activity and warn.
* fitparse__activity-settings-nodata.fit: a second segment promises 68 bytes
  and has 3; fitparse__activity-unexpected-eof.fit: the last 3 bytes are gone;
  fitparse__nick.fit: the header was sized to a cut file and the last message
  runs past it.  All three: the records before the break, "truncated" warning.
* fitparse__strava-android-app-201.10-b1218918.fit: a data message for a local
  type never defined (byte 7471): the 473 records before it, with a warning.
* sports-lib__broken.fit: the header declares 0 data bytes (never finalised);
  the SDK then fails the "CRC", we read the messages to the end, with warnings.
* fitparse__antfs-dump.63.fit, fitparse__compressed-speed-distance.fit: valid
  files with compressed-timestamp headers, which this SDK does not support
  ("not currently supported").  Nothing is wrong with them: we compare the
  records the SDK read before stopping, and test_fit_quirks.py checks the rest against
  fitdecode.

The SDK runs with ``merge_heart_rates=False``: HR buffered by a chest strap in
``hr`` messages (swims) is not a record value; we report records as recorded.

A round-trip property test closes the file: FIT files written by the SDK's
Encoder from random record values decode to exactly those values.
"""

from __future__ import annotations

import bisect
import gzip
import io
import math
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from garmin_fit_sdk import Decoder, Stream
from garmin_fit_sdk import fit as sdk_fit
from hypothesis import given, settings
from hypothesis import strategies as st

from stridelight.core.activity import Activity
from stridelight.core.vocabulary import FOOT_SPORTS
from stridelight.importers.errors import NotAnActivityError, ReadError
from stridelight.importers.fit import read_fit
from tests.conftest import real_files
from tests.importers.fit_files import activity_encoder

FIT_EPOCH = 631_065_600
SEMICIRCLE_DEG = 180.0 / 2**31
SDK_CANNOT = "Compressed timestamp messages are not currently supported"
RECORD, POWER = 20, 7  # the native message and field a power stand-in names
FILES = real_files("fit", ".fit", ".fit.gz", ".fit.zip")


def load(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        return gzip.decompress(data)
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            (member,) = [n for n in archive.namelist() if n.lower().endswith(".fit")]
            return archive.read(member)
    return data


def sdk_decode(data: bytes) -> tuple[dict[str, list[dict[str, Any]]], list[Exception]]:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        apply_scale_and_offset=True,
        expand_components=True,
        convert_datetimes_to_dates=False,
        merge_heart_rates=False,
    )
    return cast(dict[str, list[dict[str, Any]]], messages), errors


def value(record: dict[str, Any], name: str) -> float:
    got = record.get(name)
    if isinstance(got, list):  # array fields: element 0, as our columns keep
        got = got[0] if got else None
    return math.nan if got is None else float(got)


def preferred(record: dict[str, Any], first: str, fallback: str) -> float:
    got = value(record, first)
    return value(record, fallback) if math.isnan(got) else got


def power_stand_ins(
    messages: dict[str, list[dict[str, Any]]],
) -> dict[int, dict[str, Any]]:
    """Field descriptions that stand in for record power, by the SDK's key."""
    return {
        d["key"]: d
        for d in messages.get("field_description_mesgs", [])
        if d.get("native_mesg_num") == RECORD and d.get("native_field_num") == POWER
    }


def developer_value(raw: Any, description: dict[str, Any]) -> float:
    if isinstance(raw, (list, tuple)):
        raw = raw[0] if raw else None
    code = description["fit_base_type_id"] & sdk_fit.BASE_TYPE_MASK
    base = sdk_fit.BASE_TYPE_DEFINITIONS[code]
    if raw is None or raw == base["invalid"]:
        return math.nan
    scale, offset = description.get("scale") or 1, description.get("offset") or 0
    return float(raw) / scale - offset


def power(record: dict[str, Any], stand_ins: dict[int, dict[str, Any]]) -> float:
    """Native power, else the first valid developer value standing in for it."""
    native = value(record, "power")
    if not math.isnan(native):
        return native
    for key, raw in record.get("developer_fields", {}).items():
        if key in stand_ins:
            got = developer_value(raw, stand_ins[key])
            if not math.isnan(got):
                return got
    return math.nan


def on_foot(messages: dict[str, list[dict[str, Any]]], times: np.ndarray) -> np.ndarray:
    """Per record: is it on foot?  The sport of the session in progress decides.

    That is the latest session started at or before the record (the first one
    for records before it), else the activity's sport: the first named by a
    ``sport`` message, else by a session.
    """
    named = [
        m["sport"]
        for m in messages.get("sport_mesgs", []) + messages.get("session_mesgs", [])
        if isinstance(m.get("sport"), str)
    ]
    activity_sport = named[0] if named else "generic"
    sessions = sorted(
        (
            s
            for s in messages.get("session_mesgs", [])
            if s.get("start_time") is not None
        ),
        key=lambda s: s["start_time"],
    )
    if not sessions:
        return np.full(times.size, activity_sport in FOOT_SPORTS)
    starts = [s["start_time"] for s in sessions]
    foot = []
    for t in times:
        i = 0 if math.isnan(t) else max(bisect.bisect_right(starts, t) - 1, 0)
        sport = sessions[i].get("sport")
        foot.append(
            (sport if isinstance(sport, str) else activity_sport) in FOOT_SPORTS
        )
    return np.array(foot, dtype=bool)


def expected_columns(
    messages: dict[str, list[dict[str, Any]]],
) -> dict[str, np.ndarray]:
    records = messages.get("record_mesgs", [])
    stand_ins = power_stand_ins(messages)
    raw_t = np.array([value(r, "timestamp") for r in records])
    cadence = np.array([value(r, "cadence") for r in records])
    fraction = np.nan_to_num([value(r, "fractional_cadence") for r in records])
    return {
        "t": raw_t + FIT_EPOCH,
        "lat": np.array([value(r, "position_lat") for r in records]) * SEMICIRCLE_DEG,
        "lon": np.array([value(r, "position_long") for r in records]) * SEMICIRCLE_DEG,
        "alt_m": np.array(
            [preferred(r, "enhanced_altitude", "altitude") for r in records]
        ),
        "dist_m": np.array([value(r, "distance") for r in records]),
        "speed_mps": np.array(
            [preferred(r, "enhanced_speed", "speed") for r in records]
        ),
        "hr_bpm": np.array([value(r, "heart_rate") for r in records]),
        "cadence_spm": np.where(
            on_foot(messages, raw_t), 2 * (cadence + fraction), cadence
        ),
        "power_w": np.array([power(r, stand_ins) for r in records]),
    }


def assert_same_records(
    ours: Activity, expected: dict[str, np.ndarray], count: int
) -> None:
    for name, want in expected.items():
        got = ours.samples[name][:count]
        both_nan = np.isnan(got) & np.isnan(want)
        close = np.isclose(got, want, rtol=1e-9, atol=0.0)
        bad = np.flatnonzero(~(both_nan | close))
        assert bad.size == 0, (
            f"{name}: {bad.size} of {count} records differ, first at record "
            f"{bad[0]}: ours {got[bad[0]]!r}, SDK {want[bad[0]]!r}"
        )


def assert_agrees_with_sdk(
    data: bytes, source: str
) -> tuple[dict[str, list[dict[str, Any]]], list[Exception], Activity | None]:
    """The comparison of the module docstring; the SDK's messages and errors, and
    our activity (None where we raised, as the SDK allowed)."""
    messages, errors = sdk_decode(data)
    expected = expected_columns(messages)
    count = expected["t"].size
    try:
        ours = read_fit(data, source=source)
    except NotAnActivityError:
        assert not errors and count == 0, "the SDK read records from it"
        return messages, errors, None
    except ReadError:
        assert errors, "the SDK read it without error"
        return messages, errors, None
    if errors:
        if SDK_CANNOT not in str(errors[0]):
            assert ours.warnings, f"the SDK failed ({errors[0]}) and we said nothing"
        assert ours.records >= count
    else:
        assert ours.records == count
    assert_same_records(ours, expected, count)
    return messages, errors, ours


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_it_decodes_the_same_records_as_garmins_sdk(path: Path) -> None:
    assert_agrees_with_sdk(load(path), path.name)


def test_it_has_the_real_files_to_compare() -> None:
    assert len(FILES) >= 60


# --- round trip through the SDK's Encoder ------------------------------------

# Raw (stored) values; the encoder scales them back, so they stay integers.
_RAW = {
    "position_lat": st.integers(-(2**31) + 1, 2**31 - 2),
    "position_long": st.integers(-(2**31) + 1, 2**31 - 2),
    "distance": st.integers(0, 0xFFFFFFFE),
    "heart_rate": st.integers(0, 0xFE),
    "cadence": st.integers(0, 0xFE),
    "fractional_cadence": st.integers(0, 0xFE),
    "power": st.integers(0, 0xFFFE),
}
_SCALE = {
    "altitude": (5, 500),
    "enhanced_altitude": (5, 500),
    "distance": (100, 0),
    "speed": (1000, 0),
    "enhanced_speed": (1000, 0),
    "fractional_cadence": (128, 0),
}


def _either(plain: str, narrow: int) -> st.SearchStrategy[tuple[str, int]]:
    # A record carries altitude or enhanced_altitude, not both: with both, the
    # SDK lets the altitude expanded into enhanced_altitude win (its choice).
    return st.one_of(
        st.tuples(st.just(plain), st.integers(0, narrow)),
        st.tuples(st.just(f"enhanced_{plain}"), st.integers(0, 0xFFFFFFFE)),
    )


_record = st.fixed_dictionaries(
    {"dt": st.integers(0, 100)},
    optional={
        **_RAW,
        "alt": _either("altitude", 0xFFFE),
        "spd": _either("speed", 0xFFFE),
        "dev_power": st.integers(0, 0xFFFE),
    },
)


def _physical(name: str, raw: int) -> float:
    scale, offset = _SCALE.get(name, (1, 0))
    return raw / scale - offset if scale != 1 else raw - offset


def _encode(sport: str, records: list[dict[str, Any]]) -> bytes:
    dev_id: Any = {"developer_data_index": 0, "application_id": list(range(16))}
    description: Any = {
        "developer_data_index": 0,
        "field_definition_number": 0,
        "fit_base_type_id": 0x84,  # uint16
        "field_name": "Power",
        "units": "W",
    }
    encoder = activity_encoder(dev_id, description, START)
    encoder.write_mesg({"mesg_num": 207, **dev_id})
    encoder.write_mesg({"mesg_num": 206, **description})
    t = int(START.timestamp()) - FIT_EPOCH
    for record in records:
        t += record["dt"]
        encoder.write_mesg(_record_mesg(t, record))
    encoder.write_mesg(
        {"mesg_num": 18, "sport": sport, "start_time": START, "timestamp": t}
    )
    return bytes(encoder.close())


START = datetime(2024, 5, 1, 6, 30, tzinfo=UTC)


def _record_mesg(t: int, record: dict[str, Any]) -> dict[str, Any]:
    mesg: dict[str, Any] = {"mesg_num": 20, "timestamp": t}
    pairs = [(k, v) for k, v in record.items() if k in _RAW]
    pairs += [record[k] for k in ("alt", "spd") if k in record]
    for name, raw in pairs:
        mesg[name] = _physical(name, raw)
    if "dev_power" in record:
        mesg["developer_fields"] = {0: record["dev_power"]}
    return mesg


def _written(records: list[dict[str, Any]], key: str) -> np.ndarray:
    out = []
    for record in records:
        got = record.get(key)
        name, raw = got if isinstance(got, tuple) else (key, got)
        out.append(math.nan if raw is None else _physical(name, raw))
    return np.array(out)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["running", "cycling"]), st.lists(_record, min_size=1, max_size=40)
)
def test_it_decodes_exactly_what_the_sdk_encoder_wrote(
    sport: str, records: list[dict[str, Any]]
) -> None:
    activity = read_fit(_encode(sport, records), source="roundtrip.fit")
    s = activity.samples
    assert (activity.records, activity.sport) == (len(records), sport)
    times = START.timestamp() + np.cumsum([r["dt"] for r in records])
    np.testing.assert_array_equal(s["t"], times)
    for column, key in [
        ("dist_m", "distance"),
        ("hr_bpm", "heart_rate"),
        ("power_w", "power"),
        ("alt_m", "alt"),
        ("speed_mps", "spd"),
    ]:
        np.testing.assert_array_equal(s[column], _written(records, key), err_msg=column)
    for column, key in [("lat", "position_lat"), ("lon", "position_long")]:
        want = _written(records, key) * SEMICIRCLE_DEG
        np.testing.assert_array_equal(s[column], want, err_msg=column)
    cadence = _written(records, "cadence")
    fraction = np.nan_to_num(_written(records, "fractional_cadence"))
    want = 2 * (cadence + fraction) if sport == "running" else cadence
    np.testing.assert_array_equal(s["cadence_spm"], want)
