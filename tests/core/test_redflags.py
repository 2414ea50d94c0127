"""Red flags: the latest check-in stands, and some aches imply a flag by themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from stridelight.core.journal import Ache, Checkin, Workout
from stridelight.core.redflags import from_checkin, red_flag_questions, red_flags
from stridelight.core.results import RedFlagQuestion
from stridelight.core.vocabulary import RED_FLAG_IDS, AcheTiming, RedFlagId
from tests.core.scenarios import AS_OF, at

NY = ZoneInfo("America/New_York")


def ids(checkins: list[Checkin] = [], aches: list[Ache] = []) -> tuple[str, ...]:  # noqa: B006
    return tuple(f.id for f in red_flags(checkins, aches, AS_OF, NY))


def ache(
    quality: tuple[str, ...] = (),
    timing: AcheTiming = "after_run",
    when: datetime | None = None,
) -> Ache:
    return Ache(
        when or at(AS_OF - timedelta(days=1), 18), "heel", "left", 5, timing, quality
    )


def test_the_latest_check_in_stands() -> None:
    older = Checkin(AS_OF - timedelta(days=5), ("night_pain",))
    newer = Checkin(AS_OF - timedelta(days=1), ())
    assert ids([older]) == ("night_pain",)
    assert ids([older, newer]) == ()
    assert ids([newer, older]) == ()  # order of the list does not matter


def test_a_check_in_after_as_of_is_not_known_yet() -> None:
    later = Checkin(AS_OF + timedelta(days=1), ("cannot_bear_weight",))
    assert ids([later]) == ()


def test_flags_come_in_vocabulary_order_and_unknown_ids_are_ignored() -> None:
    made_up = cast(RedFlagId, "made_up")  # as an older or newer app might send
    answer = Checkin(AS_OF, ("diabetic_neuropathy", made_up, "numbness_tingling"))
    assert ids([answer]) == ("numbness_tingling", "diabetic_neuropathy")
    assert set(RED_FLAG_IDS) >= set(ids([answer]))
    assert "check-in" in from_checkin([answer], AS_OF)[0].reason


@pytest.mark.parametrize(
    ("quality", "flag"),
    [
        (("numbness",), "numbness_tingling"),
        (("Pins and needles",), "numbness_tingling"),
        (("tingling", "tightness"), "numbness_tingling"),
        (("swelling", "redness"), "swelling_redness_fever"),
        (("fever",), "swelling_redness_fever"),
        (("pinpoint",), "focal_bone_pain"),
        (("cannot bear weight",), "cannot_bear_weight"),
        (("night-pain",), "night_pain"),
    ],
)
def test_ache_words_imply_red_flags(quality: tuple[str, ...], flag: str) -> None:
    assert ids(aches=[ache(quality)]) == (flag,)


@pytest.mark.parametrize(
    "quality", [("burning",), ("swelling",), ("tightness", "heaviness"), ()]
)
def test_ordinary_ache_words_do_not(quality: tuple[str, ...]) -> None:
    assert ids(aches=[ache(quality)]) == ()


def test_pain_at_rest_at_night_local_time_is_night_pain() -> None:
    # 03:00 UTC on the 29th is 23:00 on the 28th in New York: night.
    night = ache(timing="at_rest", when=datetime(2024, 6, 29, 3, tzinfo=UTC))
    # 16:00 UTC is noon in New York: at rest, but not at night.
    noon = ache(timing="at_rest", when=datetime(2024, 6, 29, 16, tzinfo=UTC))
    assert ids(aches=[night]) == ("night_pain",)
    assert ids(aches=[noon]) == ()


def test_a_newer_no_does_not_unsay_a_symptom_in_the_diary() -> None:
    answered_no = Checkin(AS_OF, ())
    assert ids([answered_no], [ache(("numbness",))]) == ("numbness_tingling",)


def test_old_aches_no_longer_raise_flags() -> None:
    old = ache(("numbness",), when=at(AS_OF - timedelta(days=30)))
    assert ids(aches=[old]) == ()


def test_each_flag_keeps_a_reason() -> None:
    flags = red_flags([], [ache(("tingling",))], AS_OF, NY)
    assert "heel ache" in flags[0].reason and "tingling" in flags[0].reason


# --- words in notes, and words that only suggest a flag -------------------------------


def noted(notes: str, quality: tuple[str, ...] = (), days_ago: int = 1) -> Ache:
    when = at(AS_OF - timedelta(days=days_ago), 18)
    return Ache(when, "heel", "left", 4, "after_run", quality, notes)


def run_noted(notes: str, days_ago: int = 1) -> Workout:
    start = at(AS_OF - timedelta(days=days_ago), 7)
    return Workout("activities/run.fit", start, "running", 1800, 5000, notes=notes)


def asked(
    checkins: list[Checkin] = [],  # noqa: B006
    aches: list[Ache] = [],  # noqa: B006
    workouts: list[Workout] = [],  # noqa: B006
) -> tuple[RedFlagQuestion, ...]:
    flags = red_flags(checkins, aches, AS_OF, NY, workouts=workouts)
    return red_flag_questions(
        checkins, aches, AS_OF, NY, workouts=workouts, flags=flags
    )


def test_plain_words_in_an_ache_note_raise_the_flag() -> None:
    flags = red_flags([], [noted("Couldn't put weight on it this morning")], AS_OF, NY)
    assert [f.id for f in flags] == ["cannot_bear_weight"]
    assert "put weight on it" in flags[0].reason


def test_plain_words_in_an_activity_note_raise_the_flag() -> None:
    note = run_noted("Stopped at 6 k: pins and needles in the left foot")
    flags = red_flags([], [], AS_OF, NY, workouts=[note])
    assert [f.id for f in flags] == ["numbness_tingling"]
    assert "activities/run.fit" in flags[0].reason


def test_a_denied_symptom_raises_nothing_and_asks_nothing() -> None:
    note = noted("No numbness, no swelling; just stiff")
    assert ids(aches=[note]) == ()
    assert asked(aches=[note]) == ()


def test_a_suggested_flag_is_asked_not_raised() -> None:
    note = noted("Toes a bit numb?")
    assert ids(aches=[note]) == ()
    (question,) = asked(aches=[note])
    assert question.id == "numbness_tingling"
    assert question.words == "Toes a bit numb?"
    assert "heel ache of" in question.where
    assert "numbness" in question.question


def test_a_suggestion_in_an_activity_note_is_asked() -> None:
    (question,) = asked(workouts=[run_noted("ankle maybe swollen after the trail")])
    assert question.id == "swelling_redness_fever"
    assert "activities/run.fit" in question.where


def test_a_check_in_on_or_after_the_entry_answers_the_question() -> None:
    note = noted("a bit numb?", days_ago=3)
    same_day = Checkin(AS_OF - timedelta(days=3), ())
    before = Checkin(AS_OF - timedelta(days=4), ())
    assert asked([same_day], [note]) == ()
    assert [q.id for q in asked([before], [note])] == ["numbness_tingling"]


def test_a_flag_in_force_is_not_asked_again() -> None:
    yes = Checkin(AS_OF, ("swelling_redness_fever",))
    assert asked([yes], [noted("maybe swollen")]) == ()
    # Answered the same day, so the question is settled; the flag stands.
    assert ids([yes], [noted("maybe swollen")]) == ("swelling_redness_fever",)


def test_plain_words_in_one_entry_win_over_doubt_in_another() -> None:
    aches = [noted("a bit numb?", days_ago=2), noted("numb toes again")]
    assert ids(aches=aches) == ("numbness_tingling",)
    assert asked(aches=aches) == ()


def test_old_notes_neither_raise_nor_ask() -> None:
    old = noted("numb toes, maybe swollen", days_ago=30)
    assert ids(aches=[old]) == ()
    assert asked(aches=[old]) == ()
