"""What online booking asks besides the time: red flags, intake questions, terms.

The red-flag questions are the runners' own (``core.redflag_words.QUESTIONS``),
asked first, each answered explicitly.  The intake questions' option ids are
stable: a label may be reworded, an id never changes meaning, because stored
answers and the therapists' reports key on it (ux.md §4, Cal.com's lesson).
The terms carry a version; the exact text shown is stored with each consent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from stridelight.core.journal import Ache, RunnerData
from stridelight.core.redflag_words import QUESTIONS as RED_FLAG_QUESTIONS
from stridelight.core.redflag_words import RAISING_ANSWER
from stridelight.core.vocabulary import (
    FOOT_AND_LOWER_LEG_REGIONS,
    REGIONS,
    RedFlagId,
    is_run,
)
from stridelight.core.vocabulary import RED_FLAG_IDS as RED_FLAG_IDS
from stridelight.report.labels import region_words

__all__ = [
    "QUESTIONS",
    "RED_FLAG_IDS",
    "RED_FLAG_QUESTIONS",
    "TERMS",
    "Option",
    "Question",
    "Terms",
    "prefill",
    "raised",
]


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    options: tuple[Option, ...]
    many: bool  # check boxes (any number) rather than one choice


def _options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    return tuple(Option(id, label) for id, label in pairs)


#: Regions a runner's aches are asked about: the foot and lower leg, then the
#: rest of the body in the vocabulary's order (docs/body-regions.md).
_WHERE = tuple(r for r in REGIONS if r in FOOT_AND_LOWER_LEG_REGIONS) + tuple(
    r for r in REGIONS if r not in FOOT_AND_LOWER_LEG_REGIONS
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "feel",
        "What do you feel?",
        _options(
            ("ache", "An ache"),
            ("tightness", "Tightness"),
            ("heaviness", "Heaviness"),
            ("sharp", "Sharp pain"),
            ("stiffness", "Stiffness, for example first thing in the morning"),
            ("other", "Something else"),
        ),
        many=True,
    ),
    Question(
        "where",
        "Where do you feel it?",
        tuple(Option(r, region_words(r)) for r in _WHERE),
        many=True,
    ),
    Question(
        "since",
        "Since when?",
        _options(
            ("under_2_weeks", "Less than 2 weeks"),
            ("2_to_6_weeks", "2 to 6 weeks"),
            ("6_weeks_to_3_months", "6 weeks to 3 months"),
            ("over_3_months", "More than 3 months"),
        ),
        many=False,
    ),
    Question(
        "running",
        "How much do you run in a week at the moment?",
        _options(
            ("not_running", "I am not running at the moment"),
            ("under_20_km", "Less than 20 km (12 miles)"),
            ("20_to_40_km", "20 to 40 km (12 to 25 miles)"),
            ("40_to_70_km", "40 to 70 km (25 to 43 miles)"),
            ("over_70_km", "More than 70 km (43 miles)"),
        ),
        many=False,
    ),
)


@dataclass(frozen=True)
class Terms:
    version: str
    text: str


#: The clinic's terms as the client agrees to them.  A change of meaning gets a
#: new version; each consent stores the version and the exact text it was given to.
TERMS = Terms(
    version="2026-12-01",
    text=(
        "I agree to the clinic's terms. The Discovery Visit is a free 30-minute "
        "conversation, not a treatment and not a diagnosis. Myofascial release is "
        "manual therapy; it does not replace a physician, and I will tell the "
        "therapist about any change in my health. The clinic keeps my answers to "
        "prepare my visit and shares them with no one else. I may cancel or move a "
        "visit online until 24 hours before it starts; later, I call the clinic, "
        "and the cancellation is recorded as late."
    ),
)


def raised(answers: Mapping[RedFlagId, bool]) -> tuple[RedFlagId, ...]:
    """The red flags these yes (True) / no (False) answers raise, in vocabulary order."""
    return tuple(f for f in RED_FLAG_IDS if answers.get(f) is RAISING_ANSWER[f])


#: Ache qualities a runner logs, as the "what do you feel" option they answer.
_FEEL_WORDS: Mapping[str, str] = {
    "ache": "ache",
    "aching": "ache",
    "tight": "tightness",
    "tightness": "tightness",
    "heavy": "heaviness",
    "heaviness": "heaviness",
    "sharp": "sharp",
    "stiff": "stiffness",
    "stiffness": "stiffness",
}
_RECENT = timedelta(days=28)


def prefill(data: RunnerData, *, now: datetime) -> dict[str, list[str]]:
    """Intake answers from a runner's own log (ux.md §4; WCAG 3.3.7): what they
    felt and where in the last 28 days, since when, and their weekly running.

    Only what the log shows: a question it says nothing about stays unanswered.
    """
    recent = [a for a in data.aches if now - _RECENT <= a.at <= now]
    found: dict[str, list[str]] = {}
    feel = {_FEEL_WORDS[q] for a in recent for q in a.quality if q in _FEEL_WORDS}
    if feel:
        found["feel"] = [o.id for o in QUESTIONS[0].options if o.id in feel]
    where = {a.region for a in recent}
    if where:
        found["where"] = [r for r in _WHERE if r in where]
    if recent:
        found["since"] = [_since(now - min(a.at for a in _episode(data, now)))]
    runs = [
        w for w in data.workouts if is_run(w.sport) and now - _RECENT <= w.start <= now
    ]
    if runs:
        found["running"] = [_weekly(sum(w.distance_m for w in runs) / 4 / 1000)]
    return found


def _episode(data: RunnerData, now: datetime) -> list[Ache]:
    """Aches of the last 120 days: "since when" looks back past the last 28."""
    return [a for a in data.aches if now - timedelta(days=120) <= a.at <= now]


def _since(ago: timedelta) -> str:
    if ago < timedelta(weeks=2):
        return "under_2_weeks"
    if ago < timedelta(weeks=6):
        return "2_to_6_weeks"
    return "6_weeks_to_3_months" if ago < timedelta(days=91) else "over_3_months"


def _weekly(km: float) -> str:
    if km < 20:
        return "under_20_km"
    if km < 40:
        return "20_to_40_km"
    return "40_to_70_km" if km < 70 else "over_70_km"
