"""``selectors._fetched``: the rows of a query as Django gives them, faster.

On PostgreSQL the query Django compiled is run on a binary cursor; these tests
run in both passes (SQLite: Django's own iteration) and compare the two ways
on a runner with every kind of value (NULLs, text with accents, JSON text).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from stridelight.runners import models as m
from stridelight.runners import selectors
from tests.core import scenarios
from tests.web.store import a_runner, save_runner_data

pytestmark = pytest.mark.django_db


def _queries(runner_id: int) -> dict[str, QuerySet[Any, Any]]:
    return {
        "workouts": m.Activity.objects.filter(runner_id=runner_id)
        .order_by("start", "path")
        .values_list(*selectors._WORKOUT_COLUMNS),
        "habits": selectors._rows(m.Habit, runner_id, selectors._HABIT_COLUMNS),
        "aches": selectors._rows(m.Ache, runner_id, selectors._ACHE_COLUMNS),
    }


@pytest.fixture
def runner_id() -> int:
    data = scenarios.footwear()
    runner = save_runner_data(a_runner(), data)
    m.Activity.objects.filter(runner=runner).update(notes='Über 10 km, "easy"')
    return runner.pk


@pytest.mark.parametrize("section", ["workouts", "habits", "aches"])
def test_the_rows_are_the_ones_django_reads(runner_id: int, section: str) -> None:
    query = _queries(runner_id)[section]
    expected = list(query.all())
    assert expected  # something to compare
    got = list(selectors._fetched(query.all()))
    assert got == expected
    assert [tuple(map(type, row)) for row in got] == [
        tuple(map(type, row)) for row in expected
    ]


def test_the_query_is_seen_by_djangos_query_log(runner_id: int) -> None:
    with CaptureQueriesContext(connection) as seen:
        list(selectors._fetched(_queries(runner_id)["workouts"]))
    assert len(seen.captured_queries) == 1
    assert "runners_activity" in seen.captured_queries[0]["sql"]


def test_a_column_django_converts_is_left_to_django(runner_id: int) -> None:
    # A JSON column read as such (no text cast) needs Django's decoder.
    query = m.Ache.objects.filter(runner_id=runner_id).values_list("at", "quality")
    assert selectors._fetched(query) is query
