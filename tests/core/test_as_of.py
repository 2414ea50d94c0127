"""Which day an analysis is as of, whether the red-flag questions were asked, and
what the analysis stands on: only data up to "as of"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stridelight.core.analysis import analyze
from stridelight.core.as_of import default_as_of, local_window, recorded
from stridelight.core.checkins import red_flag_screening
from stridelight.core.journal import Ache, Checkin, Habit, RunnerData, Shoe
from stridelight.core.thresholds import DEFAULTS
from tests.core import scenarios as sc
from tests.core.scenarios import AS_OF, at, run

LIMIT = DEFAULTS.stale_data_days


def runs_until(last: date) -> RunnerData:
    runs = tuple(run(last - timedelta(days=d), 8.0) for d in (6, 3, 0))
    return RunnerData(profile=sc.PROFILE, workouts=runs)


@pytest.mark.parametrize(
    ("days_back", "moved"), [(0, False), (LIMIT, False), (LIMIT + 1, True), (900, True)]
)
def test_data_older_than_the_limit_is_analysed_as_of_its_newest_day(
    days_back: int, moved: bool
) -> None:
    newest = AS_OF - timedelta(days=days_back)
    chosen = default_as_of(runs_until(newest), today=AS_OF)
    assert chosen == (newest if moved else AS_OF)


def test_without_any_data_the_day_is_today() -> None:
    assert default_as_of(RunnerData(), today=AS_OF) == AS_OF


def test_a_diary_entry_is_data_as_much_as_a_run() -> None:
    """Runs stopped in January, but the runner still logs her drinking."""
    old = runs_until(date(2024, 1, 10))
    drinking = Habit(AS_OF - timedelta(days=2), "hydration", liters=2.0)
    assert default_as_of(replace(old, habits=(drinking,)), today=AS_OF) == AS_OF
    ache = Ache(at(AS_OF - timedelta(days=40)), "heel", "left", 3, "after_run")
    with_ache = replace(old, aches=(ache,))
    assert default_as_of(with_ache, today=AS_OF) == AS_OF - timedelta(days=40)


def test_data_dated_after_today_does_not_set_the_day() -> None:
    data = runs_until(date(2023, 5, 1))
    future = Checkin(AS_OF + timedelta(days=3))
    assert default_as_of(replace(data, checkins=(future,)), AS_OF) == date(2023, 5, 1)


def test_the_newest_day_is_the_runners_local_day() -> None:
    """23:00 in New York on the last day is the next day in UTC."""
    late = run(date(2023, 5, 1), 8.0, hour=23)
    data = RunnerData(profile=sc.PROFILE, workouts=(late,))
    assert default_as_of(data, AS_OF) == date(2023, 5, 1)


@pytest.mark.parametrize(
    ("age", "answered"), [(0, True), (28, True), (29, False), (700, False)]
)
def test_a_check_in_answers_the_questions_for_28_days(age: int, answered: bool) -> None:
    day = AS_OF - timedelta(days=age)
    screening = red_flag_screening([Checkin(day)], AS_OF)
    assert screening.answered_on == (day if answered else None)
    assert screening.last_answered == day


def test_a_check_in_after_as_of_has_not_happened_yet() -> None:
    screening = red_flag_screening([Checkin(AS_OF + timedelta(days=1))], AS_OF)
    assert (screening.answered_on, screening.last_answered) == (None, None)


def test_the_latest_check_in_is_the_one_that_counts() -> None:
    days = [AS_OF - timedelta(days=d) for d in (90, 10, 40)]
    screening = red_flag_screening([Checkin(d) for d in days], AS_OF)
    assert screening.answered_on == AS_OF - timedelta(days=10)


def test_recorded_counts_runs_and_days_up_to_as_of_only() -> None:
    data = sc.healthy()
    earlier = AS_OF - timedelta(days=21)
    zone = data.profile.zone
    kept = [
        w
        for w in data.workouts
        if w.is_run and w.start.astimezone(zone).date() <= earlier
    ]
    rec = recorded(data, earlier)
    assert rec.runs == len(kept) < sum(w.is_run for w in data.workouts)
    assert rec.km == pytest.approx(sum(w.distance_m for w in kept) / 1000)
    assert rec.last is not None and rec.last <= earlier
    assert rec.first is not None and rec.first <= rec.last


def test_a_pair_bought_after_as_of_is_not_in_the_shoe_list() -> None:
    data = sc.healthy()
    new = Shoe("new", "New pair", started_on=AS_OF + timedelta(days=5))
    result = analyze(replace(data, shoes=(*data.shoes, new)), as_of=AS_OF)
    assert "new" not in {s.id for s in result.shoes}
    later = analyze(
        replace(data, shoes=(*data.shoes, new)), as_of=AS_OF + timedelta(days=5)
    )
    assert "new" in {s.id for s in later.shoes}


def test_an_analysis_moved_to_the_newest_day_says_so_in_its_notes() -> None:
    data = runs_until(date(2023, 5, 1))
    result = analyze(data, as_of=date(2023, 5, 1), moved_from=AS_OF)
    assert result.moved_from == AS_OF
    assert "The newest data is from 2023-05-01" in result.notes[0]


ZONES = (
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "UTC",
    "America/Santiago",
    "Asia/Beirut",
)


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    as_of=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
    moment=st.datetimes(
        min_value=datetime(2014, 10, 1), max_value=datetime(2031, 3, 1)
    ),
)
def test_a_moment_is_inside_the_local_window_exactly_when_its_local_day_is(
    zone: str, as_of: date, days: int, moment: datetime
) -> None:
    """``local_window`` stands in for turning every moment into its local day,
    across daylight-saving changes (Lord Howe moves by half an hour)."""
    tz = ZoneInfo(zone)
    instant = moment.replace(tzinfo=UTC)
    begin, end = local_window(as_of, days, tz)
    local_day = instant.astimezone(tz).date()
    assert (begin <= instant < end) == (0 <= (as_of - local_day).days < days)
