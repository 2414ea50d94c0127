"""The words a runner writes that raise a red flag, or only suggest one.

One vocabulary, read by ``core.redflag_text`` for ache qualities, ache notes and
activity notes alike; docs/bundle.md ("Red-flag words") lists it, and a test keeps
the two in step.  A phrase in :data:`SAYS` raises its flag as a check-in "yes"
would; a phrase in :data:`SUGGESTS` (an ambiguous word, or any phrase written with
doubt: "maybe", "a bit numb?") does not decide: the analysis asks the question.

A pattern is lower-case words separated by spaces:

- ``a|b`` is one word written either way; ``<group>`` is a word of :data:`GROUPS`;
- ``…`` is any number of other words in between, within one clause;
- ``cannot`` stands for every way of writing it (:data:`REWRITES`): can't, cant,
  can not, couldn't, could not, unable to, not able to, wasn't able to…

Text is read lower-case; apostrophes are dropped (can't → cant), hyphens and
underscores separate words (pins-and-needles, night_pain), ``&`` is ``and``.
Source: [red_flags] (research notes §1.10); "burning" only suggests nerve signs,
as it is common in ordinary plantar heel pain.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from stridelight.core.vocabulary import RedFlagId

#: Words written several ways, named once so that patterns stay readable.
GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "numb": "numb|numbness|numbed|numbing",
        "tingle": "tingle|tingles|tingled|tingling|tingly",
        "pain": "pain|pains|painful|hurt|hurts|hurting|ache|aches|aching|achy|"
        "sore|soreness|throb|throbs|throbbing|burning",
        "wake": "wake|wakes|woke|woken|waking|waken|wakens|awoke",
        "keep": "keep|keeps|kept|keeping",
        "swollen": "swollen|swelling|swell|swells|swelled|puffy|puffiness",
        "red": "red|redness|reddish|reddened",
        "hot": "hot|warm|warmth",
        "tender": "tender|tenderness",
    }
)

#: Phrases that say the flag plainly: unless negated or written with doubt,
#: they raise it.
SAYS: Mapping[RedFlagId, tuple[str, ...]] = MappingProxyType(
    {
        "numbness_tingling": (
            "<numb>", "<tingle>", "pins and needles", "prickling|prickly",
            "electric|electrical", "cannot feel", "lost|loss of feeling",
            "lost|loss of sensation",
        ),
        "night_pain": (
            "night|nighttime|nocturnal <pain>", "night time <pain>",
            "<pain> … at night", "<pain> … at nighttime", "<pain> … in the night",
            "<pain> … during the night", "<pain> … overnight", "<pain> … all night",
            "<wake> me", "<keep> me awake",
        ),
        "swelling_redness_fever": (
            "fever|fevers|feverish|febrile|chills", "high temperature",
            "infected|infection|pus",
            "<swollen> … <red>", "<red> … <swollen>",
            "<swollen> <hot>", "<swollen> and|with <hot>",
            "<hot> <swollen>", "<hot> and <swollen>",
            "<swollen> … <hot> to the touch", "<hot> to the touch … <swollen>",
        ),
        "focal_bone_pain": (
            "pinpoint", "pin point", "bone|bony|bones",
            "stress fracture|fractures|reaction", "fracture|fractured|fractures",
            "on the|a bone", "<tender> … bone",
        ),
        "cannot_bear_weight": (
            "cannot bear|put|take … weight", "cannot … weight on",
            "cannot weight bear|bearing", "cannot walk", "cannot stand|step on",
            "cannot put … foot|feet down", "non weight bearing",
        ),
        "diabetic_neuropathy": ("neuropathy|neuropathic|polyneuropathy",),
    }
)  # fmt: skip

#: Words that only suggest a flag: the analysis asks rather than decides.
SUGGESTS: Mapping[RedFlagId, tuple[str, ...]] = MappingProxyType(
    {
        "numbness_tingling": ("burning", "shooting", "asleep"),
        "night_pain": ("cannot sleep", "sleepless"),
        "swelling_redness_fever": (
            "<swollen>", "redness|reddish|reddened", "inflamed",
            "<hot> to the touch",
        ),
        "focal_bone_pain": (
            "one|single|same|specific|exact spot", "<pain> … hop|hops|hopping|hopped",
        ),
        "cannot_bear_weight": (
            "hard|difficult|painful to walk", "barely walk|stand",
            "<pain> to walk", "hard|difficult|painful to put weight",
            "<pain> to put weight", "<pain> … putting weight",
            "crutch|crutches", "hobble|hobbled|hobbling",
        ),
        "diabetic_neuropathy": (
            "diabetes|diabetic|prediabetes|prediabetic", "blood sugar", "insulin",
        ),
    }
)  # fmt: skip

#: Several words read as one, before anything is matched (longest first wins).
REWRITES: Mapping[str, str] = MappingProxyType(
    {
        "can not": "cannot",
        "cant": "cannot",
        "could not": "cannot",
        "couldnt": "cannot",
        "unable to": "cannot",
        "not able to": "cannot",
        "wasnt able to": "cannot",
        "isnt able to": "cannot",
        "werent able to": "cannot",
        "arent able to": "cannot",
        "wont be able to": "cannot",
        "not sure": "unsure",
        "could be": "maybe",
        "may be": "maybe",
        "might be": "maybe",
        "went away": "gone",
        "gone away": "gone",
        "go away": "gone",
        "&": "and",
    }
)

#: A word before a phrase in its clause that denies it ("no numbness").
NEGATIONS = frozenset({
    "no", "not", "without", "never", "none", "nor", "neither", "isnt", "wasnt",
    "arent", "werent", "dont", "doesnt", "didnt", "hasnt", "havent", "hadnt",
    "wont", "wouldnt",
})  # fmt: skip
#: "no" and "not" in these pairs deny nothing ("no idea why it is swollen").
NOT_NEGATIONS = frozenset({("no", "idea"), ("no", "doubt"), ("not", "only")})
#: A word after a phrase in its clause that says it has passed ("numbness gone").
NEGATIONS_AFTER = frozenset({
    "gone", "disappeared", "resolved", "subsided",
})  # fmt: skip
#: A word anywhere in the clause (or a question mark ending the sentence) that
#: turns a plain phrase into a suggestion ("maybe swollen", "a bit numb?").
HEDGES = frozenset({
    "maybe", "perhaps", "possibly", "possible", "probably", "might", "unsure",
    "wonder", "wondering", "wondered", "worried", "worry", "worrying", "afraid",
    "scared", "concerned", "suspect", "suspected", "guess", "think", "thought",
    "hope", "hoping", "kinda", "sorta", "kind", "sort", "almost", "if", "whether",
})  # fmt: skip
#: Words that end a clause as a comma does ("no pain but numb toes").
CLAUSE_BREAKS = frozenset({
    "but", "though", "although", "however", "except", "yet", "whereas",
})  # fmt: skip
#: Words a list continues with after a comma: "no numbness, tingling or swelling"
#: denies all three (with the words of single-word phrases).
LIST_WORDS = frozenset({
    "and", "or", "nor", "any", "also", "some", "slight", "slightly", "very",
})  # fmt: skip

#: How the plan and the report ask each question, in the runner's words.
QUESTIONS: Mapping[RedFlagId, str] = MappingProxyType(
    {
        "numbness_tingling": "Do you have numbness, tingling or pins and needles "
        "in the foot?",
        "night_pain": "Does the pain wake you at night?",
        "swelling_redness_fever": "Is the foot swollen together with redness or "
        "warmth, or do you have a fever?",
        "focal_bone_pain": "Does it hurt on one spot of a bone, or when you hop "
        "on that leg?",
        "cannot_bear_weight": "Can you put your full weight on the foot and walk "
        "four steps?",
        "diabetic_neuropathy": "Do you have diabetes with nerve damage in the feet "
        "(diabetic neuropathy)?",
    }
)
#: The answer to each of :data:`QUESTIONS` that raises its flag: "yes", except
#: for the weight question, which asks whether the runner *can* bear weight.
RAISING_ANSWER: Mapping[RedFlagId, bool] = MappingProxyType(
    {
        "numbness_tingling": True,
        "night_pain": True,
        "swelling_redness_fever": True,
        "focal_bone_pain": True,
        "cannot_bear_weight": False,
        "diabetic_neuropathy": True,
    }
)
