"""The ``data`` block: the days with data and how much of it, up to "as of"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from stridelight.core.data_span import data_span
from stridelight.core.journal import (
    Ache,
    Checkin,
    Habit,
    RunnerData,
    RunnerProfile,
    Shoe,
    Workout,
)
from stridelight.core.sports import has_running_speed, runs_from_pace
from stridelight.core.thresholds import DEFAULTS

NY = ZoneInfo("America/New_York")


def workout(start: datetime, sport: str = "running", speed: float = 3.0) -> Workout:
    return Workout(
        id=f"{start:%Y%m%d%H%M}.fit", start=start, sport=sport, duration_s=3000,
        distance_m=speed * 3000, avg_speed_mps=speed,
    )  # fmt: skip


def runner(**sections: object) -> RunnerData:
    return RunnerData(profile=RunnerProfile(time_zone="America/New_York"), **sections)  # type: ignore[arg-type]


def test_first_and_last_are_the_runners_local_days_of_any_data() -> None:
    # 23:30 in New York on 1 March is 2 March in UTC: the day is the runner's.
    late_ride = workout(datetime(2025, 3, 1, 23, 30, tzinfo=NY), sport="cycling")
    ache = Ache(datetime(2025, 3, 9, 7, tzinfo=NY), "heel", "left", 3, "next_morning")
    data = runner(
        workouts=(late_ride,),
        aches=(ache,),
        habits=(Habit(date(2025, 2, 20), "stretch", minutes=5),),
        shoes=(Shoe("a", "A", started_on=date(2024, 1, 1)),),  # bought, not data
    )
    span = data_span(data, date(2025, 3, 31), duplicates=2)
    assert (span.first, span.last) == (date(2025, 2, 20), date(2025, 3, 9))
    assert (span.activities, span.duplicates) == (1, 2)  # every sport counts


def test_only_what_is_known_on_as_of_counts() -> None:
    start = datetime(2025, 3, 1, 8, tzinfo=NY)
    runs = tuple(workout(start + timedelta(days=d)) for d in range(10))
    data = runner(workouts=runs, checkins=(Checkin(date(2025, 3, 20)),))
    span = data_span(data, date(2025, 3, 5))
    assert (span.first, span.last, span.activities) == (
        date(2025, 3, 1),
        date(2025, 3, 5),
        5,
    )


def test_without_any_data_the_span_is_empty_not_today() -> None:
    span = data_span(runner(), date(2025, 3, 5))
    assert span.to_json() == {
        "first": None,
        "last": None,
        "activities": 0,
        "duplicates": 0,
    }


def test_a_negative_duplicate_count_is_refused() -> None:
    with pytest.raises(ValueError, match="duplicates must be 0 or more"):
        data_span(runner(), date(2025, 3, 5), duplicates=-1)


@pytest.mark.parametrize(
    ("speed", "runs"),
    [
        (DEFAULTS.run_speed_min_mps - 0.01, False),
        (DEFAULTS.run_speed_min_mps, True),
        (DEFAULTS.run_speed_max_mps, True),
        (DEFAULTS.run_speed_max_mps + 0.01, False),
        (None, False),
        (float("nan"), False),
    ],
)
def test_the_running_band_includes_its_ends(speed: float | None, runs: bool) -> None:
    assert has_running_speed(speed) is runs


def test_only_generic_recordings_are_made_runs_from_pace() -> None:
    start = datetime(2025, 3, 1, 8, tzinfo=NY)
    ride = workout(start, sport="cycling", speed=3.0)  # slow, but it said so
    phone = workout(start + timedelta(days=1), sport="generic", speed=3.0)
    walk = workout(start + timedelta(days=2), sport="generic", speed=1.4)
    out, counted = runs_from_pace([ride, phone, walk])
    assert [w.sport for w in out] == ["cycling", "running", "generic"]
    assert counted == (phone.id,)
