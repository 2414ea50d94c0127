"""The FIT profile, taken from Garmin's own SDK package at import time.

Nothing here is retyped by hand: message and field numbers, base types and their
invalid values, scales, offsets, components and type names all come from
``garmin_fit_sdk``, so a newer SDK release brings a newer profile with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from garmin_fit_sdk import fit as sdk_fit
from garmin_fit_sdk import util as sdk_util
from garmin_fit_sdk.profile import Profile

#: POSIX seconds of the FIT epoch, 1989-12-31T00:00:00Z.
FIT_EPOCH_S: int = sdk_util.FIT_EPOCH_S
#: date_time values below this are seconds since device power-up, not wall time.
MIN_DATE_TIME: int = 0x10000000
TIMESTAMP_FIELD: int = Profile["common_fields"]["timestamp"]
PROFILE_VERSION: str = "{major}.{minor}".format(**Profile["version"])

_MESG_NUM: Mapping[str, int] = Profile["mesg_num"]
FILE_ID: int = _MESG_NUM["FILE_ID"]
RECORD: int = _MESG_NUM["RECORD"]
SESSION: int = _MESG_NUM["SESSION"]
LAP: int = _MESG_NUM["LAP"]
SPORT: int = _MESG_NUM["SPORT"]
DEVELOPER_DATA_ID: int = _MESG_NUM["DEVELOPER_DATA_ID"]
FIELD_DESCRIPTION: int = _MESG_NUM["FIELD_DESCRIPTION"]

_BASE_DEFS: Mapping[int, Mapping[str, Any]] = sdk_fit.BASE_TYPE_DEFINITIONS
BASE_TYPE_MASK: int = sdk_fit.BASE_TYPE_MASK
UINT8: int = sdk_fit.BASE_TYPE["UINT8"]
BYTE: int = sdk_fit.BASE_TYPE["BYTE"]
STRING: int = sdk_fit.BASE_TYPE["STRING"]


@dataclass(frozen=True)
class BaseType:
    code: int
    size: int
    kind: str  # NumPy kind letter: "u", "i" or "f"
    invalid: int  # the bit pattern meaning "no value", as an unsigned integer

    def dtype(self, big_endian: bool) -> np.dtype[Any]:
        return np.dtype(f"{'>' if big_endian else '<'}{self.kind}{self.size}")


def _base_type(code: int, spec: Mapping[str, Any]) -> BaseType:
    # The SDK describes each type by its struct code; strings are read as bytes.
    kind = "f" if spec["type_code"] in "fd" else ("i" if spec["signed"] else "u")
    return BaseType(code, int(spec["size"]), kind, int(spec["invalid"]))


BASE_TYPES: Mapping[int, BaseType] = {
    code: _base_type(code, spec) for code, spec in _BASE_DEFS.items()
}


def field_type_invalid(type_name: str) -> int:
    """The invalid value the SDK checks for a profile type (0xFF for enum types)."""
    code = sdk_fit.FIELD_TYPE_TO_BASE_TYPE.get(type_name)
    return BASE_TYPES[code].invalid if code is not None else 0xFF


def field_type_bits(type_name: str) -> int | None:
    """Bit width of a profile type's base type, or None for non-numeric types."""
    code = sdk_fit.FIELD_TYPE_TO_BASE_TYPE.get(type_name)
    return BASE_TYPES[code].size * 8 if code is not None else None


@dataclass(frozen=True)
class Component:
    target: int  # field number the bits expand into
    bits: int
    scale: float
    offset: float


@dataclass(frozen=True)
class FieldProfile:
    num: int
    name: str
    type: str
    scale: float  # 1 when the field has several scales (component-only fields)
    offset: float
    numeric: bool  # the SDK applies scale/offset only to numeric types
    accumulated: bool
    components: tuple[Component, ...]


def _field(raw: Mapping[str, Any]) -> FieldProfile:
    scales, offsets = raw["scale"], raw["offset"]
    single = len(scales) <= 1
    components = tuple(
        Component(int(t), int(b), float(s), float(o))
        for t, b, s, o in zip(
            raw["components"], raw["bits"], scales, offsets, strict=False
        )
    )
    return FieldProfile(
        num=int(raw["num"]),
        name=str(raw["name"]),
        type=str(raw["type"]),
        scale=float(scales[0]) if single and scales else 1.0,
        offset=float(offsets[0]) if single and offsets else 0.0,
        numeric=raw["type"] in sdk_fit.NUMERIC_FIELD_TYPES,
        accumulated=bool(raw["is_accumulated"]),
        components=components if raw["has_components"] else (),
    )


@cache
def message_fields(mesg_num: int) -> Mapping[int, FieldProfile]:
    message = Profile["messages"].get(mesg_num)
    if message is None:
        return {}
    return {int(num): _field(raw) for num, raw in message["fields"].items()}


@cache
def field_num(mesg_num: int, name: str) -> int:
    for num, field in message_fields(mesg_num).items():
        if field.name == name:
            return num
    raise KeyError(f"no field {name!r} in message {mesg_num}")


RECORD_FIELDS: Mapping[int, FieldProfile] = message_fields(RECORD)


def type_name(type_: str, value: float) -> str | None:
    """The profile's name for ``value`` of an enum type (``sport`` 1 -> running)."""
    if not math.isfinite(value):  # NaN: the file has no value
        return None
    names = Profile["types"].get(type_, {})
    name = names.get(int(value))
    return str(name) if name is not None else None


def product_type(mesg_num: int, field: str, manufacturer: float) -> str | None:
    """The sub-field type a product number uses for this manufacturer, if any.

    ``file_id.product`` is a ``garmin_product`` when the manufacturer is Garmin,
    Dynastream or Tacx, a ``favero_product`` for Favero, a bare number otherwise.
    """
    message = Profile["messages"].get(mesg_num, {})
    for raw in message.get("fields", {}).values():
        if raw["name"] != field:
            continue
        for sub in raw["sub_fields"]:
            if any(m["raw_value"] == manufacturer for m in sub["map"]):
                return str(sub["type"])
    return None
