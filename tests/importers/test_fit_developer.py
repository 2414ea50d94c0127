"""Developer fields standing in for native record fields: running power from Stryd.

A Stryd foot pod (through its Connect IQ app) records power as a developer field
whose ``field_description`` names record field 7 (``power``) as the one it stands
for.  Where a record has no valid native power, that value is ``power_w``;
native power, when valid, always wins.  Hand-built files are written with the
SDK's Encoder; real ones are checked against the SDK's ``developer_fields``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from stridelight.importers.fit import read_fit
from tests.importers.fit_files import FIT_EPOCH, activity_encoder, real, sdk_messages

NOTE = "fit_from_developer_fields"
START = int(datetime(2024, 5, 1, 6, 30, tzinfo=UTC).timestamp()) - FIT_EPOCH
DEV_ID: Any = {"developer_data_index": 0, "application_id": list(range(16))}
STRYD_POWER: Any = {
    "developer_data_index": 0,
    "field_definition_number": 0,
    "fit_base_type_id": 0x84,  # uint16
    "field_name": "Power",
    "units": "Watts",
    "native_mesg_num": 20,
    "native_field_num": 7,
}
Pair = tuple[int | None, float | None]  # (native power, developer value) of a record


def encode(
    records: list[Pair], description: Any = STRYD_POWER, *, describe_first: bool = True
) -> bytes:
    encoder = activity_encoder(DEV_ID, description, START)
    describe: list[dict[str, Any]] = [
        {"mesg_num": 207, **DEV_ID},
        {"mesg_num": 206, **description},
    ]
    rows: list[dict[str, Any]] = []
    for i, (native, dev) in enumerate(records):
        row: dict[str, Any] = {"mesg_num": 20, "timestamp": START + i}
        if native is not None:
            row["power"] = native
        if dev is not None:
            row["developer_fields"] = {0: dev}
        rows.append(row)
    for mesg in [*describe, *rows] if describe_first else [*rows, *describe]:
        encoder.write_mesg(mesg)
    encoder.write_mesg(
        {"mesg_num": 18, "sport": "running", "start_time": START, "timestamp": START}
    )
    return bytes(encoder.close())


def power(data: bytes) -> list[float | None]:
    values = read_fit(data, source="dev.fit").samples["power_w"]
    return [None if np.isnan(v) else float(v) for v in values]


# --- real files -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["goldencheetah__Fr955v19.28andStryd.fit", "tormoder-fit__mornindew-broken.fit"],
)
def test_a_stryd_run_without_native_power_gets_the_developer_power(name: str) -> None:
    data = real(name)
    messages = sdk_messages(data)
    records = messages["record_mesgs"]
    assert all(r.get("power") is None for r in records), "the file has native power"
    keys = {
        d["key"]
        for d in messages["field_description_mesgs"]
        if (d.get("native_mesg_num"), d.get("native_field_num")) == (20, 7)
    }
    want = [
        next(v for k, v in r["developer_fields"].items() if k in keys) for r in records
    ]
    activity = read_fit(data, source=name)
    got = activity.samples["power_w"]
    np.testing.assert_array_equal(got, np.array(want, dtype=float))
    assert 150 <= np.median(got) <= 450
    assert activity.extra[NOTE] == "power"


def test_a_developer_field_naming_no_native_field_leaves_power_alone() -> None:
    # Stryd's "Form Power" (watts, on records) stands in for nothing.
    data = real("fitparse__developer-types-sample.fit")
    want = [r.get("power") for r in sdk_messages(data)["record_mesgs"]]
    activity = read_fit(data, source="developer-types-sample.fit")
    np.testing.assert_array_equal(activity.samples["power_w"], np.array(want, float))
    assert NOTE not in activity.extra


def test_a_speed_stand_in_is_not_taken_its_units_are_free_text() -> None:
    # This rowing app's "Speed" stands in for record speed, in km/h.
    activity = read_fit(real("goldencheetah__RowingCIQspeed.FIT"), source="row.fit")
    assert np.isnan(activity.samples["speed_mps"]).all()
    assert activity.extra[NOTE] == "power"


def test_files_without_developer_fields_have_no_note() -> None:
    activity = read_fit(real("fitparse__activity-small-fenix2-run.fit"), source="x")
    assert NOTE not in activity.extra


# --- hand-built files -----------------------------------------------------------


def test_native_power_wins_over_the_developer_power() -> None:
    records: list[Pair] = [(300, 250), (None, 251), (310, None), (None, None)]
    assert power(encode(records)) == [300, 251, 310, None]


def test_invalid_native_power_is_filled_and_invalid_developer_power_is_absent() -> None:
    records: list[Pair] = [(0xFFFF, 260), (0xFFFF, 0xFFFF), (None, 0xFFFF)]
    assert power(encode(records)) == [260, None, None]


def test_a_power_description_without_native_field_num_fills_nothing() -> None:
    description = {k: v for k, v in STRYD_POWER.items() if k != "native_field_num"}
    data = encode([(None, 250), (300, 251)], description)
    assert power(data) == [None, 300]
    assert NOTE not in read_fit(data).extra


def test_a_stand_in_for_another_message_fills_nothing() -> None:
    lap_power = {**STRYD_POWER, "native_mesg_num": 19}  # lap field 7 is not ours
    assert power(encode([(None, 250)], lap_power)) == [None]


def test_the_description_scale_and_offset_apply() -> None:
    scaled = {**STRYD_POWER, "scale": 10, "offset": 5}
    assert power(encode([(None, 2505), (None, 0)], scaled)) == [245.5, -5.0]


def test_the_developer_base_type_comes_from_the_description() -> None:
    as_float = {**STRYD_POWER, "fit_base_type_id": 0x88}  # float32
    assert power(encode([(None, 262.5)], as_float)) == [262.5]


def test_a_description_after_the_records_does_not_apply_to_them() -> None:
    # As in the SDK: a developer field is read with the description in force.
    assert power(encode([(None, 250), (300, 251)], describe_first=False)) == [None, 300]
