"""Red-flag words as runners write them: plain, denied, or only suggested."""

from __future__ import annotations

import pytest

from stridelight.core.redflag_text import compile_pattern, mentions
from stridelight.core.redflag_words import GROUPS, QUESTIONS, SAYS, SUGGESTS
from stridelight.core.vocabulary import RED_FLAG_IDS


def said(text: str) -> set[str]:
    return {m.flag for m in mentions(text) if m.sure}


def suggested(text: str) -> set[str]:
    return {m.flag for m in mentions(text) if not m.sure}


SAYS_PLAINLY = [
    ("Toes went numb on the last 5 k", "numbness_tingling"),
    ("numbness in the forefoot", "numbness_tingling"),
    ("Tingly toes", "numbness_tingling"),
    ("TINGLING after the long run", "numbness_tingling"),
    ("pins and needles", "numbness_tingling"),
    ("Pins-and-needles under the arch", "numbness_tingling"),
    ("pins & needles", "numbness_tingling"),
    ("pins_and_needles", "numbness_tingling"),
    ("can't feel my toes", "numbness_tingling"),
    ("like an electric shock", "numbness_tingling"),
    ("The pain woke me at 3", "night_pain"),
    ("wakes me up at night", "night_pain"),
    ("heel throbbing at night", "night_pain"),
    ("Kept me awake", "night_pain"),
    ("night-pain", "night_pain"),
    ("swollen and red", "swelling_redness_fever"),
    ("red and swollen around the ankle", "swelling_redness_fever"),
    ("Swollen, red and hot", "swelling_redness_fever"),
    ("swelling, redness", "swelling_redness_fever"),
    ("ankle swollen and warm to the touch", "swelling_redness_fever"),
    ("had a fever last night", "swelling_redness_fever"),
    ("Stress fracture, says the doctor", "focal_bone_pain"),
    ("pinpoint pain on top of the foot", "focal_bone_pain"),
    ("hurts on the bone", "focal_bone_pain"),
    ("can't put weight on it", "cannot_bear_weight"),
    ("Cant put any weight on my left foot", "cannot_bear_weight"),
    ("couldn't bear weight after the race", "cannot_bear_weight"),
    ("unable to walk", "cannot_bear_weight"),
    ("wasn't able to put weight on it", "cannot_bear_weight"),
    ("can not bear weight", "cannot_bear_weight"),
    ("I have peripheral neuropathy", "diabetic_neuropathy"),
]


@pytest.mark.parametrize(("text", "flag"), SAYS_PLAINLY)
def test_plain_words_say_the_flag(text: str, flag: str) -> None:
    assert flag in said(text)
    assert flag not in suggested(text)


DENIED = [
    "no numbness",
    "No numbness, tingling or swelling.",
    "no numbness and no tingling",
    "not swollen",
    "Not swollen, not red",
    "didn't wake me",
    "Numbness gone today",
    "the tingling went away",
    "X-ray: no stress fracture",
    "never had a fever",
    "without any pins and needles",
]


@pytest.mark.parametrize("text", DENIED)
def test_a_negation_denies_the_words(text: str) -> None:
    assert mentions(text) == ()


ONLY_SUGGESTED = [
    ("a bit numb?", "numbness_tingling"),
    ("maybe swollen", "swelling_redness_fever"),
    ("Swelling on top of the foot", "swelling_redness_fever"),
    ("Hot day, feet swollen", "swelling_redness_fever"),
    ("burning under the heel", "numbness_tingling"),
    ("not sure if it's a stress fracture", "focal_bone_pain"),
    ("hope it's not a stress fracture", "focal_bone_pain"),
    ("I think my toes went numb", "numbness_tingling"),
    ("Stress fracture?", "focal_bone_pain"),
    ("hurts to walk", "cannot_bear_weight"),
    ("on crutches for two days", "cannot_bear_weight"),
    ("couldn't sleep", "night_pain"),
    ("I'm diabetic", "diabetic_neuropathy"),
    ("always in the same spot", "focal_bone_pain"),
]


@pytest.mark.parametrize(("text", "flag"), ONLY_SUGGESTED)
def test_doubt_or_an_ambiguous_word_only_suggests(text: str, flag: str) -> None:
    assert flag in suggested(text)
    assert said(text) == set()


ORDINARY = [
    "Left arch a bit tight afterwards.",
    "Joined the club's long run: 17 k, nearly twice my longest.",
    "First steps out of bed.",
    "Limped for the first minutes.",
    "night run, sore heel",
    "ran at night, felt great",
    "I can't lose weight",
    "heavy legs, tight calves",
    "",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_diary_words_mention_nothing(text: str) -> None:
    assert mentions(text) == ()


def test_a_later_clause_is_not_denied_by_an_earlier_negation() -> None:
    assert said("No pain, but numb toes") == {"numbness_tingling"}
    assert said("didn't stretch and my toes went numb") == {"numbness_tingling"}
    assert said("no swelling; could not put weight on it") == {"cannot_bear_weight"}
    assert said("X-ray: no fracture, but pinpoint pain on the navicular") == {
        "focal_bone_pain"
    }


def test_plain_words_win_over_doubt_elsewhere_in_the_text() -> None:
    found = mentions("Maybe overdid it, toes numb")
    assert [(m.flag, m.sure) for m in found] == [("numbness_tingling", True)]


def test_one_text_can_say_one_flag_and_suggest_another() -> None:
    assert said("burning at night") == {"night_pain"}
    assert suggested("burning at night") == {"numbness_tingling"}


def test_a_mention_quotes_its_clause_as_written() -> None:
    (mention,) = mentions("Long run in the rain. Toes a bit numb? Probably cold.")
    assert mention.words == "Toes a bit numb?"


def test_every_phrase_and_group_compiles() -> None:
    for table in (SAYS, SUGGESTS):
        assert set(table) == set(RED_FLAG_IDS)
        for patterns in table.values():
            assert all(compile_pattern(p) for p in patterns)
    assert all("|" in words for words in GROUPS.values())
    assert set(QUESTIONS) == set(RED_FLAG_IDS)


@pytest.mark.parametrize("bad", ["Numb", "… numb", "numb …", "<nope>"])
def test_a_malformed_pattern_is_refused(bad: str) -> None:
    with pytest.raises((ValueError, KeyError)):
        compile_pattern(bad)
