"""A runner's data written as rows comes back as the same core RunnerData."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import UTC, datetime

import pytest

from stridelight.core.journal import RunnerData, Workout
from stridelight.ingest import ingest
from stridelight.runners import models as m
from stridelight.runners import services
from stridelight.runners.selectors import _WORKOUT_FIELDS, _aware, runner_data
from tests.conftest import ROOT
from tests.core import scenarios
from tests.web.store import a_runner, save_runner_data

pytestmark = pytest.mark.django_db
DEMO = ROOT / "samples" / "demo-runner"


def demo() -> RunnerData:
    return ingest(DEMO).data


RUNNERS: dict[str, Callable[[], RunnerData]] = {
    "demo runner": demo,
    "tight chain": scenarios.tight_chain,
    "footwear": scenarios.footwear,
    "red flag": scenarios.red_flag,
}


@pytest.mark.parametrize("build", RUNNERS.values(), ids=RUNNERS.keys())
def test_a_runner_saved_as_rows_comes_back_equal(
    build: Callable[[], RunnerData],
) -> None:
    data = build()
    assert data.workouts  # a round trip of something
    user = a_runner()
    save_runner_data(user, data)
    assert runner_data(user) == data


def test_every_section_of_the_demo_runner_is_stored() -> None:
    data = demo()
    save_runner_data(a_runner(), data)
    counts = {
        "shoes": m.Shoe.objects.count(),
        "aches": m.Ache.objects.count(),
        "habits": m.Habit.objects.count(),
        "screenings": m.Screening.objects.count(),
        "sessions": m.TherapySession.objects.count(),
        "checkins": m.Checkin.objects.count(),
        "workouts": m.Activity.objects.count(),
    }
    assert counts == {name: len(getattr(data, name)) for name in counts}
    assert m.Finding.objects.count() == sum(len(s.findings) for s in data.sessions)


def test_an_account_without_runner_data_reads_as_an_empty_runner() -> None:
    assert runner_data(a_runner()) == RunnerData()


def test_a_copy_of_a_recording_is_left_out_of_the_runners_data() -> None:
    data = scenarios.footwear()
    user = a_runner()
    runner = save_runner_data(user, data)
    kept = m.Activity.objects.filter(runner=runner).first()
    assert kept is not None
    copy = replace(data.workouts[0], id="activities/copy.gpx")
    fake = hashlib.sha256(b"copy").hexdigest()
    row = services.activity_create(
        runner=runner,
        workout=copy,
        original=services.OriginalFile(sha256=fake, format="gpx"),
    )
    row.duplicate_of = kept
    row.save()
    assert runner_data(user) == data


def test_one_runners_rows_never_reach_another() -> None:
    save_runner_data(a_runner("ann@example.com"), scenarios.footwear())
    assert runner_data(a_runner("bob@example.com")) == RunnerData()


def test_the_same_file_twice_for_one_runner_is_refused_by_the_database() -> None:
    from django.db import IntegrityError

    data = scenarios.footwear()
    runner = save_runner_data(a_runner(), data)
    again = replace(data.workouts[0], id="activities/again.fit")
    same_bytes = services.OriginalFile(
        sha256=hashlib.sha256(data.workouts[0].id.encode()).hexdigest(), format="fit"
    )
    with pytest.raises(IntegrityError):
        services.activity_create(runner=runner, workout=again, original=same_bytes)


def test_reading_a_runner_takes_one_query_per_section_however_many_rows() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    once = demo()
    data = replace(once, sessions=once.sessions * 3)
    assert data.sessions[0].findings and data.workouts  # rows that could each query
    user = save_runner_data(a_runner(), data).user
    with CaptureQueriesContext(connection) as queries:
        runner_data(user)
    # the runner, 7 journal sections (sessions and their findings: 2), workouts
    assert len(queries) == 9


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01 06:30:00",  # SQLite: UTC without an offset
        "2024-05-01 06:30:00.250000",
        "2024-05-01 06:30:00+00",  # PostgreSQL, the session in UTC
        "2024-05-01 02:30:00-04",  # PostgreSQL, a session elsewhere
        "2024-05-01 12:00:00+05:30",
    ],
)
def test_a_stored_instant_reads_as_the_same_moment_in_utc(text: str) -> None:
    moment = _aware(text)
    assert moment.tzinfo is UTC  # the object core's UTC bounds compare fast with
    assert moment.replace(microsecond=0) == datetime(2024, 5, 1, 6, 30, tzinfo=UTC)


def test_the_workout_columns_are_in_the_order_of_workouts_fields() -> None:
    """``runner_data`` builds each Workout positionally from these columns."""
    names = [
        "id" if f == "path" else "shoe" if f == "shoe__key" else f
        for f in _WORKOUT_FIELDS
    ]
    assert names == [f.name for f in fields(Workout)]
