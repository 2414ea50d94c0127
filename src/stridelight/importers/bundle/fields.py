"""Reading runner.json field by field, with errors that name the entry and field.

:class:`Fields` wraps one JSON object of the document; each getter checks a type,
range, date, time or vocabulary and raises a :class:`BundleError` such as
``runner.json: aches[3]: field 'region': 'heal' is not a body region (did you
mean 'heel'?)``.  The sections built from these live in ``schema``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime

from stridelight.importers.bundle.plausible import Range
from stridelight.importers.errors import BundleError

SOURCE = "runner.json"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# An offset (or Z) is required: an ache logged "at 07:30" means nothing without one.
_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(?P<zone>Z|[+-]\d{2}:\d{2})?"
)


def json_kind(value: object) -> str:
    """The JSON name of a value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"a string ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    return "an object"


def suggest(value: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unknown(value: str, vocabulary: Collection[str], what: str) -> str:
    hint = suggest(value, vocabulary) or f" (one of {', '.join(vocabulary)})"
    return f"{value!r} is not {what}{hint}"


class Fields:
    """One JSON object of the document, read field by field with exact errors."""

    def __init__(self, raw: object, entry: str) -> None:
        if not isinstance(raw, dict):
            raise BundleError(
                SOURCE, entry, "*", f"must be an object, not {json_kind(raw)}"
            )
        self.raw: dict[str, object] = raw
        self.entry = entry

    def error(self, name: str, problem: str) -> BundleError:
        return BundleError(SOURCE, self.entry, name, problem)

    def _get(self, name: str, required: bool) -> object:
        value = self.raw.get(name)
        if value is None and required:
            raise self.error(name, "is missing" if name not in self.raw else "is null")
        return value

    def text(
        self, name: str, *, required: bool = False, max_chars: int | None = None
    ) -> str | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(name, f"must be a string, not {json_kind(value)}")
        if required and not value.strip():
            raise self.error(name, "must not be empty")
        if max_chars is not None and len(value) > max_chars:
            raise self.error(
                name, f"is {len(value)} characters long; at most {max_chars}"
            )
        return value

    def flag(self, name: str) -> bool | None:
        """true, false, or None when absent or null (not known)."""
        value = self._get(name, False)
        if value is None or isinstance(value, bool):
            return value
        raise self.error(name, f"must be true or false, not {json_kind(value)}")

    def number(
        self,
        name: str,
        low: float,
        high: float,
        *,
        required: bool = False,
        unit: str = "",
    ) -> float | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(name, f"must be a number, not {json_kind(value)}")
        if not math.isfinite(value) or not low <= value <= high:
            bounds = f"{low:g}–{high:g} {unit}".rstrip()
            raise self.error(name, f"{value} is outside {bounds}")
        return float(value)

    def within(
        self, name: str, allowed: Range, *, required: bool = False
    ) -> float | None:
        """A number in a human range (``plausible``); the error says what it measures."""
        return self.number(
            name, allowed.low, allowed.high, required=required,
            unit=f"{allowed.unit} ({allowed.what})".lstrip(),
        )  # fmt: skip

    def whole(self, name: str, low: int, high: int) -> int:
        value = self._get(name, True)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, f"must be a whole number, not {json_kind(value)}")
        if not low <= value <= high:
            raise self.error(name, f"{value} is outside {low}–{high}")
        return value

    def day(self, name: str, *, required: bool = True) -> date | None:
        value = self.text(name, required=required)
        if value is None:
            return None
        if not _DATE.fullmatch(value):
            raise self.error(name, f"{value!r} is not a date like 2024-03-01")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(name, f"{value!r} is not a real date") from None

    def moment(self, name: str) -> datetime:
        value = self.text(name, required=True)
        assert value is not None
        match = _MOMENT.fullmatch(value)
        if match is None:
            raise self.error(
                name, f"{value!r} is not a time like 2024-03-01T07:30:00-05:00"
            )
        if match["zone"] is None:
            raise self.error(
                name,
                f"{value!r} has no time zone: add Z or an offset "
                "such as -05:00 (2024-03-01T07:30:00-05:00)",
            )
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise self.error(name, f"{value!r} is not a real date and time") from None

    def choice(
        self,
        name: str,
        vocabulary: Collection[str],
        what: str,
        *,
        required: bool = True,
    ) -> str | None:
        value = self.text(name, required=required)
        if value is not None and value not in vocabulary:
            raise self.error(name, _unknown(value, vocabulary, what))
        return value

    def items(self, name: str) -> list[object]:
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(name, f"must be a list, not {json_kind(value)}")
        return value

    def texts(self, name: str, vocabulary: Collection[str] | None = None) -> list[str]:
        values = self.items(name)
        for i, value in enumerate(values):
            if not isinstance(value, str):
                problem = f"must be a string, not {json_kind(value)}"
            elif vocabulary is not None and value not in vocabulary:
                problem = _unknown(value, vocabulary, "a known id")
            else:
                continue
            raise self.error(f"{name}[{i}]", problem)
        return [str(v) for v in values]

    def numbers(
        self, name: str, known: Mapping[str, Range] | None = None
    ) -> dict[str, float]:
        """An object of numbers; a key of ``known`` must lie in its range."""
        value = self._get(name, False)
        if value is None:
            return {}
        inner = Fields(value, f"{self.entry}.{name}")
        ranges = known or {}
        return {
            k: (
                inner.within(k, ranges[k], required=True)
                if k in ranges
                else inner.number(k, 0, 1e6, required=True)
            )
            or 0.0
            for k in inner.raw
        }
