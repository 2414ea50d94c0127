"""Shared by the FIT tests: real files by name, and what reference decoders read."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from garmin_fit_sdk import Decoder, Encoder, Stream

from tests.conftest import REAL

FIT_EPOCH = 631_065_600


def real(name: str) -> bytes:
    return (REAL / "fit" / name).read_bytes()


def sdk_messages(data: bytes) -> dict[str, list[dict[str, Any]]]:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        convert_datetimes_to_dates=False, merge_heart_rates=False
    )
    assert not errors
    return cast(dict[str, list[dict[str, Any]]], messages)


def column(rows: list[dict[str, Any]], name: str) -> np.ndarray:
    return np.array([np.nan if r.get(name) is None else float(r[name]) for r in rows])


def activity_encoder(dev_id: Any, description: Any, time_created: int | Any) -> Encoder:
    """The SDK's Encoder for one developer field, the file_id already written."""
    encoder = Encoder(
        field_descriptions={
            0: {"developer_data_id_mesg": dev_id, "field_description_mesg": description}
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": 0,
            "type": "activity",
            "manufacturer": "development",
            "product": 1,
            "time_created": time_created,
        }
    )
    return encoder
