"""The daily check-in (/me/check-in/): its service, its page and its honesty.

On SQLite and PostgreSQL (``make test`` runs tests/web twice).  The clock is
frozen at a morning in March: "today" is the runner's local day of that instant.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from stridelight.accounts.models import User
from stridelight.core import journal as core
from stridelight.core.redflag_words import QUESTIONS
from stridelight.core.thresholds import DEFAULTS
from stridelight.core.vocabulary import RED_FLAG_IDS
from stridelight.runners import models as m
from stridelight.runners import services
from stridelight.runners.analysis import analysis, cache_key
from stridelight.runners.checkins import aches_to_repeat
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 7, 30, tzinfo=UTC)
TODAY = NOW.date()
URL = "/me/check-in/"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    # Runner ids repeat from test to test (rolled back), and so would the keys
    # of analyses cached by an earlier test.
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ann(client: Client) -> User:
    user = a_runner("ann@example.com")
    client.force_login(user)
    return user


def ache_post(
    *,
    flags: Mapping[str, str] | None = None,
    none_apply: bool = True,
    without: str = "",
    **ache: str,
) -> dict[str, str]:
    """A posted check-in: one ache (``region``, ``side``… overridable; ``without``
    one of them) and the answers."""
    fields = {"region": "heel", "side": "left", "intensity": "4", "timing": "after_run"}
    fields.update(ache)
    fields.pop(without, None)
    data = {"ache-TOTAL_FORMS": "1", "ache-INITIAL_FORMS": "0"}
    data.update({f"ache-0-{k}": v for k, v in fields.items() if v})
    data.update(flags or {})
    if none_apply:
        data["none_apply"] = "on"
    return data


def an_ache(at: datetime, region: str = "heel", side: str = "left") -> core.Ache:
    return core.Ache(at=at, region=region, side=side, intensity=3, timing="after_run")  # type: ignore[arg-type]


# --- the service ---------------------------------------------------------------


def test_a_check_in_writes_its_aches_and_answers_together_and_moves_the_data_version() -> (
    None
):
    runner = services.runner_for(a_runner())
    before = runner.data_version
    recorded = services.checkin_record(
        runner=runner,
        at=NOW,
        aches=[an_ache(NOW), an_ache(NOW, "calf", "right")],
        red_flags={"night_pain"},
    )
    assert recorded.aches == 2
    assert [(a.region, a.side) for a in m.Ache.objects.filter(runner=runner)] == [
        ("heel", "left"),
        ("calf", "right"),
    ]
    row = m.Checkin.objects.get(runner=runner)
    assert (row.date, row.red_flags) == (TODAY, ["night_pain"])
    runner.refresh_from_db()
    assert runner.data_version > before


def test_a_second_check_in_the_same_day_replaces_the_answers_and_adds_its_aches() -> (
    None
):
    runner = services.runner_for(a_runner())
    services.checkin_record(
        runner=runner, at=NOW, aches=[an_ache(NOW)], red_flags={"night_pain"}
    )
    later = NOW + timedelta(hours=3)
    services.checkin_record(
        runner=runner, at=later, aches=[an_ache(later, "arch")], red_flags=()
    )
    assert list(m.Checkin.objects.filter(runner=runner).values_list("red_flags")) == [
        ([],)
    ]
    assert m.Ache.objects.filter(runner=runner).count() == 2


def test_a_check_in_that_cannot_be_written_writes_nothing() -> None:
    runner = services.runner_for(a_runner())
    bad = core.Ache(at=NOW, region="heel", side="left", intensity=11, timing=None)
    with pytest.raises(ValueError, match=r"aches\[1\]"):
        services.checkin_record(
            runner=runner, at=NOW, aches=[an_ache(NOW), bad], red_flags=()
        )
    with pytest.raises(ValueError, match="red_flags"):
        services.checkin_record(runner=runner, at=NOW, aches=[], red_flags={"gout"})  # type: ignore[arg-type]
    assert not m.Ache.objects.filter(runner=runner).exists()
    assert not m.Checkin.objects.filter(runner=runner).exists()


def test_same_as_yesterday_reads_the_latest_earlier_day_once_per_region_and_side() -> (
    None
):
    runner = services.runner_for(a_runner())
    two_days_ago = NOW - timedelta(days=2)
    for at, region in ((two_days_ago, "heel"), (two_days_ago, "calf")):
        services.checkin_record(
            runner=runner, at=at, aches=[an_ache(at, region)], red_flags=()
        )
    again = two_days_ago + timedelta(hours=1)
    services.checkin_record(
        runner=runner, at=again, aches=[an_ache(again)], red_flags=()
    )
    services.checkin_record(
        runner=runner, at=NOW, aches=[an_ache(NOW, "toes")], red_flags=()
    )
    last = aches_to_repeat(runner=runner, today=TODAY)
    assert last is not None
    assert last.day == TODAY - timedelta(days=2)
    assert sorted(a.region for a in last.aches) == ["calf", "heel"]


# --- the page ------------------------------------------------------------------


def test_the_page_is_for_signed_in_users_only(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_asks_each_question_with_nothing_chosen(
    client: Client, ann: User
) -> None:
    page = client.get(URL).content.decode()
    for flag in RED_FLAG_IDS:
        assert QUESTIONS[flag] in page
    assert " checked" not in page  # no side, no answer, nothing pre-selected
    assert 'aria-label="Left heel"' in page
    assert "(718) 369-0505" in page  # the clinic's phone, in the advice a yes shows


def test_a_check_in_is_saved_and_confirmed(client: Client, ann: User) -> None:
    response = client.post(URL, ache_post(quality="tightness", notes="after hills"))
    assert response.status_code == 302
    ache = m.Ache.objects.get(runner__user=ann)
    assert (ache.region, ache.side, ache.intensity, ache.timing) == (
        "heel", "left", 4, "after_run",
    )  # fmt: skip
    assert (ache.quality, ache.notes, ache.at) == (["tightness"], "after hills", NOW)
    assert m.Checkin.objects.get(runner__user=ann).red_flags == []
    page = client.get(URL).content.decode()
    assert "Check-in saved: 1 ache, all six questions answered." in page
    assert "No to all six red-flag questions today, and nothing in" in page


@pytest.mark.parametrize(
    ("missing", "said"),
    [
        ("side", "Side: choose left, right or both sides."),
        ("intensity", "How much: choose 0 to 10."),
        ("timing", "When: choose when it aches."),
        ("region", "Where: choose the region that aches."),
    ],
)
def test_a_missing_ache_answer_is_named_and_nothing_is_saved(
    client: Client, ann: User, missing: str, said: str
) -> None:
    response = client.post(URL, ache_post(without=missing))
    assert response.status_code == 400
    page = response.content.decode()
    assert said in page
    assert f'id="id_ache-0-{missing}-error"' in page  # tied to its field
    assert not m.Ache.objects.exists()
    assert not m.Checkin.objects.exists()


def test_an_unanswered_question_is_named_and_nothing_is_saved(
    client: Client, ann: User
) -> None:
    answers: dict[str, str] = {f: "no" for f in RED_FLAG_IDS if f != "night_pain"}
    answers["cannot_bear_weight"] = "yes"
    response = client.post(URL, ache_post(flags=answers, none_apply=False))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{QUESTIONS['night_pain']} Answer yes or no." in page
    assert f"{QUESTIONS['numbness_tingling']} Answer yes or no." not in page
    assert not m.Checkin.objects.exists()


def test_none_apply_beside_a_yes_is_refused_naming_the_question(
    client: Client, ann: User
) -> None:
    response = client.post(URL, ache_post(flags={"night_pain": "yes"}))
    assert response.status_code == 400
    assert "Untick this or change that answer" in response.content.decode()
    assert not m.Checkin.objects.exists()


def test_a_yes_makes_the_analysis_raise_the_flag_and_the_plan_refer_first(
    client: Client, ann: User
) -> None:
    client.post(URL, ache_post())
    calm = analysis(user=ann, as_of=TODAY)
    assert calm.red_flags == ()
    assert calm.red_flag_screening.answered_on == TODAY
    assert calm.plan.mfr_cadence != "refer_first"

    client.post(URL, ache_post(flags={**_no(), "night_pain": "yes"}, none_apply=False))
    flagged = analysis(user=ann, as_of=TODAY)
    assert flagged.red_flags == ("night_pain",)
    assert flagged.plan.mfr_cadence == "refer_first"
    page = client.get(URL).content.decode()
    assert "See a physician first." in page
    assert "Pain at night" in page
    assert 'href="tel:7183690505"' in page


def test_words_in_todays_notes_raise_a_flag_on_the_page_at_once(
    client: Client, ann: User
) -> None:
    client.post(URL, ache_post(notes="toes went numb at km 8"))
    page = client.get(URL).content.decode()
    assert "See a physician first." in page
    assert "Numbness or tingling" in page
    assert "toes went numb at km 8" in page  # the reason quotes the runner
    assert analysis(user=ann, as_of=TODAY).red_flags == ("numbness_tingling",)


def test_saving_refreshes_the_analysis_for_today_in_the_request(
    client: Client, ann: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            URL, ache_post(flags={**_no(), "night_pain": "yes"}, none_apply=False)
        )
    assert len(callbacks) == 1  # the refresh, once the rows are in
    runner = m.Runner.objects.get(user=ann)
    cached = cache.get(cache_key(runner, TODAY, DEFAULTS, None))
    assert cached is not None
    assert cached.red_flags == ("night_pain",)


def test_a_failed_refresh_still_saves_and_leaves_it_to_a_worker(
    client: Client,
    ann: User,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    broken = mock.patch(
        "stridelight.runners.views_checkin.refresh", side_effect=RuntimeError("x")
    )
    queued = mock.patch("stridelight.runners.views_checkin.refresh_analysis")
    committed = django_capture_on_commit_callbacks(execute=True)
    with broken, queued as task, caplog.at_level(logging.ERROR), committed:
        response = client.post(URL, ache_post())
    assert response.status_code == 302
    assert m.Checkin.objects.filter(runner__user=ann).count() == 1
    task.enqueue.assert_called_once_with(ann.pk, TODAY.isoformat())
    assert "refreshing the analysis after a check-in failed" in caplog.text


def test_no_to_the_weight_question_is_the_flag(client: Client, ann: User) -> None:
    answers = _no()
    answers["cannot_bear_weight"] = "no"
    client.post(URL, ache_post(flags=answers, none_apply=False))
    assert m.Checkin.objects.get().red_flags == ["cannot_bear_weight"]


def _no() -> dict[str, str]:
    """Every question answered with its safe answer (yes to walking)."""
    answers: dict[str, str] = dict.fromkeys(RED_FLAG_IDS, "no")
    answers["cannot_bear_weight"] = "yes"
    return answers


def test_the_red_flag_questions_alone_are_a_check_in(client: Client, ann: User) -> None:
    response = client.post(URL, ache_post(region="", side="", intensity="", timing=""))
    assert response.status_code == 302
    assert not m.Ache.objects.exists()
    assert m.Checkin.objects.get().red_flags == []


def test_add_another_region_draws_a_second_ache_and_saves_nothing(
    client: Client, ann: User
) -> None:
    response = client.post(URL, {**ache_post(), "add_ache": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ache 2" in page
    assert _checked(page, "ache-0-region") == "heel"  # what was chosen stays
    assert "field-error" not in page
    assert not m.Checkin.objects.exists()


def test_two_regions_in_one_check_in(client: Client, ann: User) -> None:
    data = ache_post()
    data.update(
        {
            "ache-TOTAL_FORMS": "2",
            "ache-1-region": "calf",
            "ache-1-side": "both",
            "ache-1-intensity": "2",
            "ache-1-timing": "next_morning",
        }
    )
    assert client.post(URL, data).status_code == 302
    assert sorted(m.Ache.objects.values_list("region", "side")) == [
        ("calf", "both"),
        ("heel", "left"),
    ]


def test_same_as_yesterday_fills_the_form_with_yesterdays_aches(
    client: Client, ann: User
) -> None:
    yesterday = NOW - timedelta(days=1)
    runner = services.runner_for(ann)
    services.checkin_record(
        runner=runner,
        at=yesterday,
        aches=[an_ache(yesterday, "arch", "right")],
        red_flags=(),
    )
    page = client.get(URL).content.decode()
    assert 'href="?repeat=last"' in page
    assert "Same as yesterday" in page
    repeated = client.get(URL + "?repeat=last").content.decode()
    assert "Ache 2" in repeated  # yesterday's ache, and room for one more
    assert _checked(repeated, "ache-0-region") == "arch"
    assert _checked(repeated, "ache-0-side") == "right"
    assert "Remove this region" in repeated
    # the questions are asked again, not copied
    assert _checked(repeated, "night_pain") is None


def _checked(page: str, name: str) -> str | None:
    import re

    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and " checked" in tag:
            found = re.search(r'value="([^"]*)"', tag)
            return found.group(1) if found else None
    return None


def test_another_runners_data_is_never_touched_or_shown(
    client: Client, ann: User
) -> None:
    bob = services.runner_for(a_runner("bob@example.com"))
    yesterday = NOW - timedelta(days=1)
    services.checkin_record(
        runner=bob,
        at=yesterday,
        aches=[an_ache(yesterday, "toes")],
        red_flags={"night_pain"},
    )
    bob.refresh_from_db()
    version = bob.data_version
    page = client.get(URL).content.decode()
    assert "?repeat=last" not in page  # Bob's yesterday is not Ann's
    assert "Today's answers" not in page
    client.post(URL, ache_post())
    bob.refresh_from_db()
    assert bob.data_version == version
    assert list(m.Ache.objects.filter(runner=bob).values_list("region", flat=True)) == [
        "toes"
    ]
    assert m.Checkin.objects.get(runner=bob).red_flags == ["night_pain"]
    assert analysis(user=ann, as_of=TODAY).red_flags == ()


# --- the body map tag ------------------------------------------------------------


def test_the_heat_map_shades_each_side_and_lists_the_values_in_a_table() -> None:
    from django.template import Context, Template

    values: dict[str, Any] = {"heel:left": 6.5, "calf:both": 2.0}
    html = Template(
        '{% load body_map %}{% body_map "heat" values=values caption="Mean ache" %}'
    ).render(Context({"values": values}))
    assert "Left heel: 6.5 of 10" in html
    assert "Right heel: none logged" in html
    assert "Right calf: 2.0 of 10" in html
    assert '<th scope="row">Heel</th><td>6.5</td><td>none logged</td>' in html
    assert 'role="button"' not in html


def test_the_interactive_map_draws_every_region_on_both_sides_once() -> None:
    from stridelight.core.vocabulary import REGIONS
    from stridelight.runners.body_map import MAP_VIEWS

    drawn = [(r.region, r.side) for v in MAP_VIEWS for r in v.regions]
    assert sorted(drawn) == sorted((r, s) for r in REGIONS for s in ("left", "right"))
    labels = {r.label for v in MAP_VIEWS for r in v.regions}
    assert {"Left heel", "Right IT band", "Left top of foot"} <= labels


def test_the_saved_day_is_the_runners_local_day() -> None:
    user = a_runner()
    runner = services.runner_for(user)
    m.Runner.objects.filter(pk=runner.pk).update(time_zone="Pacific/Honolulu")
    runner.refresh_from_db()
    services.checkin_record(runner=runner, at=NOW, aches=[], red_flags=())
    assert m.Checkin.objects.get().date == date(2026, 3, 9)  # 21:30 the day before


def test_the_advice_gives_the_phone_the_clinic_set_in_its_settings(
    client: Client, ann: User
) -> None:
    from stridelight.clinic.selectors import clinic_settings

    row = clinic_settings()
    row.name, row.phone = "Brooklyn MFR", "+1 (347) 555-0101"
    row.save()
    page = client.get(URL).content.decode()
    assert (
        'call Brooklyn MFR on <a href="tel:+13475550101">+1 (347) 555-0101</a>' in page
    )
