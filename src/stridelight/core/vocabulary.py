"""Every fixed vocabulary of Stridelight, each defined once.

A vocabulary is a ``Literal`` type, so that strict mypy catches a misspelt word
anywhere in ``core`` (``ache.region == "heal"`` does not type-check), and its tuple
is derived from that type with ``typing.get_args``, so the two cannot drift.  The
tuples keep the order the words are listed in: the bundle parser checks against
them, the report lists them in that order, and the Django models will take their
``choices`` from them.  The sets below them (the foot, what counts as a run…) are
built from the same words.
"""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

# --- the body -----------------------------------------------------------------

#: The nine regions of the foot and ankle (docs/body-regions.md, "The foot").
FootRegion = Literal[
    "toes", "forefoot", "arch", "heel", "top_of_foot", "outer_foot",
    "inner_ankle", "outer_ankle", "achilles",
]  # fmt: skip
#: The 22 body regions of docs/body-regions.md, from the toes up.
Region = Literal[
    FootRegion,
    "calf", "shin",
    "knee_front", "knee_outer", "knee_back", "hamstrings", "quadriceps",
    "adductors", "it_band", "hip_flexors", "glutes", "outer_hip", "lower_back",
]  # fmt: skip
REGIONS: tuple[Region, ...] = get_args(Region)
FOOT_REGIONS: frozenset[Region] = frozenset(get_args(FootRegion))
#: The foot, the ankle and the lower leg: the aches that count as following a
#: run, both for the patterns' outcome and for "aches after runs in this pair".
FOOT_AND_LOWER_LEG_REGIONS: frozenset[Region] = FOOT_REGIONS | {"calf", "shin"}

Side = Literal["left", "right", "both"]
SIDES: tuple[Side, ...] = get_args(Side)

# --- the journal --------------------------------------------------------------

Sex = Literal["female", "male"]
SEXES: tuple[Sex, ...] = get_args(Sex)

AcheTiming = Literal["during_run", "after_run", "next_morning", "at_rest"]
ACHE_TIMINGS: tuple[AcheTiming, ...] = get_args(AcheTiming)

HabitKind = Literal["stretch", "warmup", "hydration", "sleep", "strength", "foam_roll"]
HABIT_KINDS: tuple[HabitKind, ...] = get_args(HabitKind)

ScreeningTest = Literal[
    "knee_to_wall_cm", "ankle_df_deg", "slr_deg", "thomas", "heel_raise_reps",
]  # fmt: skip
SCREENING_TESTS: tuple[ScreeningTest, ...] = get_args(ScreeningTest)

SessionKind = Literal["discovery", "mfr"]
SESSION_KINDS: tuple[SessionKind, ...] = get_args(SessionKind)

#: The six check-in questions (DESIGN §1, "Red flags come first").
RedFlagId = Literal[
    "numbness_tingling", "night_pain", "swelling_redness_fever",
    "focal_bone_pain", "cannot_bear_weight", "diabetic_neuropathy",
]  # fmt: skip
RED_FLAG_IDS: tuple[RedFlagId, ...] = get_args(RedFlagId)

# --- sports -------------------------------------------------------------------

#: What counts as a run: the training the detectors, patterns and shoes judge.
#: Importers name a trail run ``running`` with a sub-sport; ``trail_running`` is
#: kept for activities that carry it as their sport.
RunSport = Literal["running", "trail_running"]
RUN_SPORTS: frozenset[RunSport] = frozenset(get_args(RunSport))
#: Sports on foot, whose cadence counts steps (both feet) rather than revolutions.
#: Wider than a run: a walk or a hike has steps but is not training for the race.
FootSport = Literal[RunSport, "walking", "hiking"]
FOOT_SPORTS: frozenset[FootSport] = frozenset(get_args(FootSport))


#: The sports an activity can be said to be, as the importers name them (GPX, TCX
#: and Strava types map onto these; a FIT file may name rarer ones).  A bundle's
#: ``activities[].sport`` is one of them; ``generic`` is what a file that names
#: no sport is read as.
Sport = Literal[
    RunSport, "walking", "hiking", "cycling", "swimming", "generic",
]  # fmt: skip
SPORTS: tuple[Sport, ...] = get_args(Sport)


def is_run(sport: str) -> bool:
    return sport in RUN_SPORTS


def is_on_foot(sport: str) -> bool:
    return sport in FOOT_SPORTS


# --- the analysis -------------------------------------------------------------

CauseId = Literal["repetitive_strain", "footwear", "tight_chain", "under_recovery"]
CAUSE_IDS: tuple[CauseId, ...] = get_args(CauseId)

#: A cause's or a signal's level.  ``not_assessed``: there was nothing to judge it
#: on, which is not good news (DESIGN §1), so it is never shown as ``clear``.
Level = Literal["clear", "watch", "flag", "not_assessed"]
LEVELS: tuple[Level, ...] = get_args(Level)
#: The levels a signal or cause has when its data was judged.
JudgedLevel = Literal["clear", "watch", "flag"]
JUDGED_LEVELS: tuple[JudgedLevel, ...] = get_args(JudgedLevel)

MfrCadence = Literal["weekly", "monthly", "refer_first"]
MFR_CADENCES: tuple[MfrCadence, ...] = get_args(MfrCadence)

ActionKind = Literal[
    "mfr", "stretch", "strength", "warmup", "hydration", "shoes", "variety",
    "see_physician", "rest", "screen", "red_flag_questions",
]  # fmt: skip
ACTION_KINDS: tuple[ActionKind, ...] = get_args(ActionKind)

#: How far a source carries the rule that cites it (``core.evidence``); it also
#: sets how much a signal built on it weighs in a cause's score.
EvidenceGrade = Literal["strong", "moderate", "weak", "convention", "heuristic"]
EVIDENCE_GRADES: tuple[EvidenceGrade, ...] = get_args(EvidenceGrade)
#: How well dissection studies support a myofascial line (``core.fascia_lines``).
#: Not an :data:`EvidenceGrade`: it grades an anatomical line, not a rule's source,
#: and "limited" and "none" have no counterpart there.
LineGrade = Literal["strong", "moderate", "limited", "none"]
LINE_GRADES: tuple[LineGrade, ...] = get_args(LineGrade)

# --- reading words from outside -------------------------------------------------

Word = TypeVar("Word", bound=str)


def word_in(vocabulary: tuple[Word, ...], value: str) -> Word | None:
    """``value`` as the vocabulary's own word (so it has the Literal type), or None.

    For input that has already been checked, or where an unknown word is simply
    not one of ours: ``word_in(REGIONS, "heel")`` is a ``Region``.
    """
    for word in vocabulary:
        if word == value:
            return word
    return None
