"""``core.journal.maker`` builds the same objects as the dataclass's own call."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from stridelight.core.journal import Workout, maker

VALUES = (
    "activities/1.fit",
    datetime(2024, 5, 1, 6, 30, tzinfo=UTC),
    "running",
    3600.0,
    10_000.0,
    3500.0,
    151.5,
    88.0,
    None,
    "pegasus",
    1.12,
    2.86,
    48.1,
    None,
    12.5,
    "felt easy",
)


def test_a_made_workout_equals_one_built_by_its_constructor() -> None:
    made, built = maker(Workout)(VALUES), Workout(*VALUES)
    assert made == built
    assert hash(made) == hash(built)
    assert dataclasses.asdict(made) == dataclasses.asdict(built)
    assert made.is_run


def test_a_made_workout_is_still_frozen() -> None:
    made = maker(Workout)(VALUES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.sport = "cycling"  # type: ignore[misc]


def test_a_value_missing_or_too_many_is_an_error_not_a_short_object() -> None:
    make = maker(Workout)
    with pytest.raises(ValueError):
        make(VALUES[:-1])
    with pytest.raises(ValueError):
        make((*VALUES, "one more"))


@dataclasses.dataclass(frozen=True)
class Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


@dataclasses.dataclass(frozen=True, slots=True)
class Slotted:
    value: int


@pytest.mark.parametrize("cls", [Checked, Slotted, dict])
def test_a_class_whose_init_does_more_than_store_is_refused(cls: type) -> None:
    with pytest.raises(TypeError):
        maker(cls)
