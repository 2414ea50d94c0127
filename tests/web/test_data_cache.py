"""The runner's base kept in memory (runners.data_cache): after a check-in the
analysis reads only the diary, and gives exactly what a full read gives; any
write of the base (workouts, shoes, habits…) is never answered from memory."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from bench.analysis import AS_OF, synthetic_runner
from django.core.cache import cache

from stridelight.accounts.models import User
from stridelight.core import journal as core
from stridelight.core.journal import RunnerData
from stridelight.core.results import Analysis
from stridelight.core.vocabulary import RedFlagId
from stridelight.runners import data_cache, journal_services, selectors, services
from stridelight.runners import models as m
from stridelight.runners.analysis import analysis
from stridelight.runners.rows import activity_row
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db

SINCE = AS_OF - timedelta(days=240)
NOW = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 18, tzinfo=UTC)


def generated_runner() -> RunnerData:
    """The benchmark's ten-year runner, its last eight months (some 380 runs
    and every kind of entry): big enough for every detector, quick to store."""
    data = synthetic_runner()
    recent = SINCE.__le__
    return RunnerData(
        profile=data.profile,
        shoes=data.shoes,
        workouts=tuple(w for w in data.workouts if recent(w.start.date())),
        aches=tuple(a for a in data.aches if recent(a.at.date())),
        habits=tuple(h for h in data.habits if recent(h.date)),
        screenings=tuple(s for s in data.screenings if recent(s.date)),
        sessions=tuple(s for s in data.sessions if recent(s.date)),
        checkins=tuple(c for c in data.checkins if recent(c.date)),
    )


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    cache.clear()
    data_cache.forget_all()
    yield
    data_cache.forget_all()


@pytest.fixture
def stored() -> tuple[User, m.Runner]:
    """The generated runner as rows (the activities in one insert)."""
    data = generated_runner()
    user = a_runner("gen@example.com")
    runner = services.runner_for(user)
    services.journal_replace(runner=runner, journal=data.journal)
    shoes = dict(m.Shoe.objects.filter(runner=runner).values_list("key", "id"))
    m.Activity.objects.bulk_create(
        activity_row(
            runner=runner,
            workout=w,
            original=services.OriginalFile(
                sha256=hashlib.sha256(w.id.encode()).hexdigest(), format="fit"
            ),
            shoe_id=shoes.get(w.shoe) if w.shoe else None,
        )
        for w in data.workouts
    )
    services.data_changed(runner)
    return user, runner


def full_read(user: User) -> Analysis:
    """The analysis from every row: nothing in memory, nothing in the cache."""
    cache.clear()
    data_cache.forget_all()
    return analysis(user=user, as_of=AS_OF)


def check_in(runner: m.Runner, *red_flags: RedFlagId) -> None:
    ache = core.Ache(
        at=NOW, region="heel", side="left", intensity=6, timing="after_run",
        quality=("sharp",), notes="after the long run",
    )  # fmt: skip
    services.checkin_record(
        runner=runner,
        at=NOW,
        aches=[ache],
        red_flags=red_flags,
    )


def reads_everything(call: Callable[[], Analysis]) -> tuple[Analysis, bool]:
    """The call's result, and whether it read every row (``data_of``)."""
    with mock.patch.object(data_cache, "data_of", wraps=selectors.data_of) as read_all:
        result = call()
    return result, read_all.called


def test_after_a_check_in_the_analysis_reads_the_diary_only_and_matches_a_full_read(
    stored: tuple[User, m.Runner],
) -> None:
    user, runner = stored
    before, read_all = reads_everything(lambda: analysis(user=user, as_of=AS_OF))
    assert read_all  # the first analysis reads every row, and keeps the base
    check_in(runner, "night_pain")
    after, read_all = reads_everything(lambda: analysis(user=user, as_of=AS_OF))
    assert not read_all
    assert after.red_flags == ("night_pain",)
    assert repr(after) != repr(before)  # the check-in shows
    assert repr(after) == repr(full_read(user))


def base_writes() -> dict[str, Callable[[m.Runner], None]]:
    """Services that change what is kept in memory, each one way."""

    def shoe_of_a_run(runner: m.Runner) -> None:
        run = m.Activity.objects.filter(runner=runner).order_by("-start").first()
        assert run is not None
        others = m.Shoe.objects.filter(runner=runner).exclude(id=run.shoe_id or 0)
        other = others.first()
        assert other is not None
        services.activity_shoe_set(runner=runner, activity_id=run.pk, shoe_id=other.pk)

    def a_new_run(runner: m.Runner) -> None:
        run = core.Workout(
            id="activities/new.fit", start=NOW - timedelta(hours=3), sport="running",
            duration_s=3600, distance_m=30_000, moving_time_s=3600, avg_hr=170,
            trimp=400,
        )  # fmt: skip
        original = services.OriginalFile(sha256="ab" * 32, format="fit")
        services.activity_create(runner=runner, workout=run, original=original)

    def a_shoe_limit(runner: m.Runner) -> None:
        run = m.Activity.objects.filter(runner=runner).order_by("-start").first()
        assert run is not None and run.shoe is not None
        shoe = run.shoe  # the pair of the latest runs: its state shows
        journal_services.shoe_limit_set(runner=runner, shoe=shoe, limit_km=10)

    def a_habit(runner: m.Runner) -> None:
        journal_services.habit_add(
            runner=runner, day=AS_OF, kind="hydration", liters=0.2
        )

    return {
        "the shoe of a run": shoe_of_a_run,
        "a new run": a_new_run,
        "a shoe's limit": a_shoe_limit,
        "a habit": a_habit,
    }


@pytest.mark.parametrize("write", base_writes().values(), ids=base_writes().keys())
def test_a_write_of_the_base_is_never_answered_from_memory(
    stored: tuple[User, m.Runner], write: Callable[[m.Runner], None]
) -> None:
    user, runner = stored
    before = analysis(user=user, as_of=AS_OF)  # the base now kept
    write(runner)
    check_in(runner)
    after, read_all = reads_everything(lambda: analysis(user=user, as_of=AS_OF))
    assert read_all
    assert repr(after) != repr(before)
    assert repr(after) == repr(full_read(user))


def test_a_deleted_account_leaves_nothing_in_memory(
    stored: tuple[User, m.Runner],
) -> None:
    user, runner = stored
    analysis(user=user, as_of=AS_OF)
    assert any(key[0] == runner.pk for key in data_cache._kept)
    services.account_delete(user=user)
    assert not any(key[0] == runner.pk for key in data_cache._kept)


def test_a_process_keeps_a_few_runners_only(stored: tuple[User, m.Runner]) -> None:
    user, runner = stored
    analysis(user=user, as_of=AS_OF)
    for i in range(data_cache.KEPT_RUNNERS):
        other = a_runner(f"other{i}@example.com")
        services.data_changed(services.runner_for(other))
        analysis(user=other, as_of=AS_OF)
    assert len(data_cache._kept) == data_cache.KEPT_RUNNERS
    assert not any(key[0] == runner.pk for key in data_cache._kept)


def test_the_workouts_side_is_made_once_for_check_ins_of_one_day(
    stored: tuple[User, m.Runner],
) -> None:
    user, runner = stored
    analysis(user=user, as_of=AS_OF)
    runner.refresh_from_db()
    memo = data_cache.memo_for(runner)
    assert memo is not None and len(memo) == 1
    (side,) = memo.values()
    check_in(runner, "night_pain")
    after = analysis(user=user, as_of=AS_OF)
    runner.refresh_from_db()
    assert data_cache.memo_for(runner) is memo
    assert list(memo.values()) == [side]  # used again, not made again
    assert repr(after) == repr(full_read(user))
