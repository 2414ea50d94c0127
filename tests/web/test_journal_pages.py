"""/me/shoes/, /me/habits/, /me/screenings/: a runner's own entries, written through
the journal services, each write seen by the analysis; another runner's are 404."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from stridelight.accounts.models import User
from stridelight.runners import journal_services as journal
from stridelight.runners import models as m
from stridelight.runners.services import runner_for
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, 0).astimezone()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()  # runner ids and data versions repeat from test to test


@pytest.fixture(autouse=True)
def _on_today() -> Iterator[None]:
    """The whole test on one day: sessions and "today" agree."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ann(client: Client) -> User:
    user = a_runner("ann@example.com")
    client.force_login(user)
    return user


def _bob_rows() -> tuple[m.Shoe, m.Habit, m.Screening]:
    bob = runner_for(a_runner("bob@example.com"))
    shoe = journal.shoe_add(runner=bob, name="Bob's pair")
    habit = journal.habit_add(runner=bob, day=TODAY, kind="warmup", minutes=5)
    screening = journal.screening_add(
        runner=bob, day=TODAY, test="slr_deg", side="left", value=70
    )
    return shoe, habit, screening


@pytest.mark.parametrize("page", ["/me/shoes/", "/me/habits/", "/me/screenings/"])
def test_each_journal_page_asks_to_sign_in_first(client: Client, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_runners_shoe_habit_and_screening_answer_404(
    client: Client, ann: User
) -> None:
    shoe, habit, screening = _bob_rows()
    for action in ("default", "retire", "unretire", "limit"):
        response = client.post(f"/me/shoes/{shoe.pk}/", {"action": action})
        assert response.status_code == 404
    assert client.post(f"/me/habits/{habit.pk}/delete/").status_code == 404
    assert client.post(f"/me/screenings/{screening.pk}/delete/").status_code == 404
    assert m.Habit.objects.filter(pk=habit.pk).exists()
    assert m.Screening.objects.filter(pk=screening.pk).exists()
    assert m.Shoe.objects.get(pk=shoe.pk).retired_on is None


def test_another_runners_entries_are_not_listed(client: Client, ann: User) -> None:
    _bob_rows()
    for page in ("/me/shoes/", "/me/habits/", "/me/screenings/"):
        content = client.get(page).content.decode()
        assert "Bob" not in content


def test_empty_pages_say_not_logged_rather_than_zero(client: Client, ann: User) -> None:
    shoes = client.get("/me/shoes/").content.decode()
    habits = client.get("/me/habits/").content.decode()
    screenings = client.get("/me/screenings/").content.decode()
    assert "No shoes yet" in shoes and "not assessed" in shoes
    assert habits.count("not logged") == 6
    assert screenings.count("Not done yet") == 5


def test_adding_a_shoe_makes_the_first_pair_the_default(
    client: Client, ann: User
) -> None:
    response = client.post(
        "/me/shoes/", {"name": "Trail pair", "category": "trail", "limit_km": "600"}
    )
    assert response.status_code == 302
    runner = runner_for(ann)
    shoe = m.Shoe.objects.get(runner=runner)
    assert (shoe.name, shoe.limit_km, shoe.start_km) == ("Trail pair", 600, 0)
    assert journal.default_shoe(runner) == shoe
    second = journal.shoe_add(runner=runner, name="Road pair")
    assert journal.default_shoe(runner) == shoe
    client.post(f"/me/shoes/{second.pk}/", {"action": "default"})
    assert journal.default_shoe(runner) == second


def test_a_shoe_limit_outside_the_human_range_is_refused(
    client: Client, ann: User
) -> None:
    response = client.post("/me/shoes/", {"name": "Odd pair", "limit_km": "7"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert 'aria-describedby="id_limit_km_helptext id_limit_km_error"' in page
    assert not m.Shoe.objects.exists()


def test_retiring_and_limits_raise_the_data_version(client: Client, ann: User) -> None:
    runner = runner_for(ann)
    shoe = journal.shoe_add(runner=runner, name="Pair")
    versions = [runner.data_version]
    client.post(f"/me/shoes/{shoe.pk}/", {"action": "retire"})
    shoe.refresh_from_db()
    assert shoe.retired_on == TODAY
    assert journal.default_shoe(runner) is None  # a retired pair is no default
    client.post(
        f"/me/shoes/{shoe.pk}/", {"action": "limit", f"shoe{shoe.pk}-limit_km": "550"}
    )
    shoe.refresh_from_db()
    assert shoe.limit_km == 550
    runner.refresh_from_db()
    versions.append(runner.data_version)
    assert versions[1] >= versions[0] + 2


def test_a_stretch_is_logged_with_the_regions_worked(client: Client, ann: User) -> None:
    response = client.post(
        "/me/habits/",
        {"day": "2026-03-09", "kind": "stretch", "minutes": "5",
         "regions": ["calf", "hamstrings"]},
    )  # fmt: skip
    assert response.status_code == 302
    habit = m.Habit.objects.get(runner=runner_for(ann))
    assert (habit.kind, habit.minutes, habit.regions) == (
        "stretch", 5, ["calf", "hamstrings"],
    )  # fmt: skip


def test_a_habit_without_its_amount_is_refused_and_tied_to_the_field(
    client: Client, ann: User
) -> None:
    response = client.post("/me/habits/", {"day": "2026-03-09", "kind": "hydration"})
    assert response.status_code == 400
    assert 'id="id_liters_error"' in response.content.decode()
    assert not m.Habit.objects.exists()


def test_a_screening_result_shows_in_the_trend(client: Client, ann: User) -> None:
    for day, value in (("2026-01-10", "12"), ("2026-03-01", "10.5")):
        client.post(
            "/me/screenings/",
            {"day": day, "test": "knee_to_wall_cm", "side": "left", "value": value},
        )
    page = client.get("/me/screenings/").content.decode()
    assert "Left: 10.5 on 2026-03-01, down 1.5 since 2026-01-10 (2 results)" in page


def test_a_screening_outside_the_human_range_is_refused(
    client: Client, ann: User
) -> None:
    response = client.post(
        "/me/screenings/",
        {"day": "2026-03-01", "test": "knee_to_wall_cm", "side": "left", "value": "80"},
    )
    assert response.status_code == 400
    assert "outside the human range" in response.content.decode()
    assert not m.Screening.objects.exists()


def test_a_screening_below_the_norm_reaches_the_dashboard(
    client: Client, ann: User
) -> None:
    before = client.get("/me/").context["causes"]
    chain_before = next(c for c in before if c["id"] == "tight_chain")
    assert chain_before["level"]["id"] == "not_assessed"
    client.post(
        "/me/screenings/",
        {"day": "2026-03-09", "test": "slr_deg", "side": "left", "value": "55"},
    )
    after = client.get("/me/").context["causes"]
    chain_after = next(c for c in after if c["id"] == "tight_chain")
    assert chain_after["level"]["id"] in ("watch", "flag")


def test_after_a_write_the_new_analysis_is_computed_in_the_background(
    client: Client, ann: User, django_capture_on_commit_callbacks: Any
) -> None:
    from stridelight.core.results import Analysis
    from stridelight.core.thresholds import DEFAULTS
    from stridelight.runners.analysis import cache_key

    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        client.post(
            "/me/screenings/",
            {"day": "2026-03-09", "test": "slr_deg", "side": "left", "value": "55"},
        )
    assert len(enqueued) == 1
    runner = runner_for(ann)
    ready = cache.get(cache_key(runner, TODAY, DEFAULTS, None))
    assert isinstance(ready, Analysis)
    assert ready.recorded.last == date(2026, 3, 9)


def test_html_in_a_pairs_name_is_stored_as_typed_and_shown_escaped_everywhere(
    client: Client, ann: User
) -> None:
    hostile = '<script>alert("pair")</script><img src=x onerror=alert(1)>'
    response = client.post("/me/shoes/", {"name": hostile, "limit_km": "600"})
    assert response.status_code == 302
    assert m.Shoe.objects.get(runner=runner_for(ann)).name == hostile
    for page in ("/me/shoes/", "/me/activities/", "/me/"):
        html = client.get(page).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
    assert (
        "&lt;script&gt;alert(&quot;pair&quot;)&lt;/script&gt;"
        in client.get("/me/shoes/").content.decode()
    )
