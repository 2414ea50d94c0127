"""Red flags: the latest check-in stands, and some aches imply a flag by themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from stridelight.core.journal import Ache, Checkin
from stridelight.core.redflags import from_checkin, red_flags
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
