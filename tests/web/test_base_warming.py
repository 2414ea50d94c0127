"""The check-in page has its process read the runner's base ahead of the POST
(``runners.data_cache.warm_soon``): the POST that follows reads the diary only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from stridelight.runners import data_cache, selectors
from stridelight.runners import models as m
from tests.core import scenarios
from tests.web.store import a_runner, save_runner_data

#: A thread's own connection sees committed rows only.
pytestmark = pytest.mark.django_db(transaction=True)

ACHE = {
    "ache-TOTAL_FORMS": "1",
    "ache-INITIAL_FORMS": "0",
    "ache-0-region": "heel",
    "ache-0-side": "left",
    "ache-0-intensity": "4",
    "ache-0-timing": "after_run",
    "none_apply": "on",
}


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    cache.clear()
    data_cache.forget_all()
    yield
    data_cache.wait_for_warming()
    data_cache.forget_all()


@pytest.fixture
def signed_in() -> tuple[Client, m.Runner]:
    user = a_runner()
    runner = save_runner_data(user, scenarios.footwear())
    client = Client()
    client.force_login(user)
    return client, runner


def reads_everything(call: Callable[[], object]) -> bool:
    """Whether ``call`` read every row of the runner (``selectors.data_of``)."""
    with mock.patch.object(data_cache, "data_of", wraps=selectors.data_of) as read:
        call()
    return read.called


@override_settings(STRIDELIGHT_WARM_BASES=True)
def test_the_post_after_the_page_finds_the_base_in_memory(
    signed_in: tuple[Client, m.Runner],
) -> None:
    client, runner = signed_in
    assert client.get("/me/check-in/").status_code == 200
    data_cache.wait_for_warming()
    runner.refresh_from_db()
    assert data_cache.is_kept(runner)
    memo = data_cache.memo_for(runner)
    assert memo is not None and len(memo) == 1  # today's workouts' side, made ahead
    (side,) = memo.values()
    posted = lambda: client.post("/me/check-in/", ACHE)  # noqa: E731
    assert not reads_everything(posted)
    assert m.Ache.objects.filter(runner=runner, intensity=4).exists()
    assert list(memo.values()) == [side]  # the POST's refresh used it


@override_settings(STRIDELIGHT_WARM_BASES=False)
def test_without_warming_the_page_leaves_memory_alone(
    signed_in: tuple[Client, m.Runner],
) -> None:
    client, runner = signed_in
    assert client.get("/me/check-in/").status_code == 200
    data_cache.wait_for_warming()
    assert not data_cache.is_kept(runner)
    posted = lambda: client.post("/me/check-in/", ACHE)  # noqa: E731
    assert reads_everything(posted)


@override_settings(STRIDELIGHT_WARM_BASES=True)
def test_a_base_kept_already_is_not_read_again(
    signed_in: tuple[Client, m.Runner],
) -> None:
    client, _ = signed_in
    client.get("/me/check-in/")
    data_cache.wait_for_warming()
    with mock.patch.object(data_cache, "data_of", wraps=selectors.data_of) as read:
        client.get("/me/check-in/")
        data_cache.wait_for_warming()
    assert not read.called
