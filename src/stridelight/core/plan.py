"""The plan: the clinic's protocol, aimed by the findings, every action explained.

MFR cadence [clinic_protocol]: ``refer_first`` when any red flag is in force;
``weekly`` in heavy training; ``monthly`` otherwise.  Heavy training
[heavy_training_rule] is judged against the runner's own history: the last 28
days' load is at least ``heavy_ratio`` (1.2) × the median 28-day load of the six
months before, or a load-related cause (repetitive strain, under-recovery) is
flagged while that load is at or above the runner's median.  Less than eight weeks
of history gives no baseline, so no "heavy" verdict.

With a red flag the first action is to see a physician, online MFR booking is
blocked, and exercise advice waits until a physician has cleared the runner.  A
red flag of focal bone pain or of not being able to bear weight (a possible bone
stress injury) stops every action: see a physician, and nothing else until cleared.
When the six red-flag questions have not been answered lately
(``core.checkins``), the plan asks them before anything else it advises.
Red flags the diary only suggests ("a bit numb?") are asked next, before any
advice: the answer may change everything after it.
Wording stays with contributing factors and protocol, never a diagnosis.

Days on end without rest (the streak signal of under-recovery) bring a rest
action, and the MFR reason says to book sessions on rest days.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from stridelight.core.checkins import red_flag_screening
from stridelight.core.detectors.context import Context
from stridelight.core.plan_actions import (
    fired,
    hydration,
    rest,
    shoe_actions,
    strength,
    stretching,
    variety,
    warmup,
)
from stridelight.core.redflags import RedFlag
from stridelight.core.results import (
    CauseFinding,
    ChainLink,
    Plan,
    PlanAction,
    RedFlagQuestion,
)
from stridelight.core.training import rolling_baseline_median
from stridelight.core.vocabulary import (
    RED_FLAG_IDS,
    ActionKind,
    CauseId,
    MfrCadence,
    RedFlagId,
)

LOAD_CAUSES: tuple[CauseId, ...] = ("repetitive_strain", "under_recovery")
EXERCISE: frozenset[ActionKind] = frozenset(
    {"stretch", "strength", "warmup", "variety"}
)
CLEARED_FIRST = "Once a physician has cleared you: "
#: Red flags that rule out running itself until a physician has cleared it.
NO_RUNNING: frozenset[RedFlagId] = frozenset({"focal_bone_pain", "cannot_bear_weight"})
#: The six check-in questions, one per red flag id.
RED_FLAG_QUESTIONS: Mapping[RedFlagId, str] = MappingProxyType(
    {
        "numbness_tingling": "numbness or tingling in the foot?",
        "night_pain": "pain at night or at rest?",
        "swelling_redness_fever": "swelling with redness, warmth or fever?",
        "focal_bone_pain": "pain on one spot of a bone?",
        "cannot_bear_weight": "unable to bear weight?",
        "diabetic_neuropathy": "known diabetic neuropathy?",
    }
)


def heavy_training(ctx: Context, causes: Sequence[CauseFinding]) -> tuple[bool, str]:
    """Whether training is heavy for this runner, and why, in numbers."""
    t = ctx.thresholds
    days = t.heavy_window_days
    current, median = rolling_baseline_median(
        ctx.training.load, days, t.heavy_baseline_days
    )
    if ctx.training.history_days < t.heavy_min_history_days:
        return False, (
            f"{ctx.training.history_days} days of history: heavy training is judged "
            f"against your own load once there are {t.heavy_min_history_days}."
        )
    if not median > 0:
        return False, "No training in the months before: nothing to compare with yet."
    ratio = current / median
    text = (
        f"your last {days} days' load ({current:.0f}) is {ratio:.2f} × your own "
        f"median {days}-day load over the previous six months ({median:.0f})"
    )
    if ratio >= t.heavy_ratio:
        return True, f"Heavy training: {text}."
    flagged = [c.id for c in causes if c.id in LOAD_CAUSES and c.level == "flag"]
    if flagged and ratio >= 1.0:
        names = " and ".join(c.replace("_", " ") for c in flagged)
        return True, f"Heavy training: {names} flagged while {text}."
    return False, f"Maintenance: {text} (heavy from {t.heavy_ratio:g} ×)."


def mfr_cadence(
    ctx: Context, flags: Sequence[RedFlag], causes: Sequence[CauseFinding]
) -> tuple[MfrCadence, str]:
    if flags:
        return "refer_first", "Red flags: " + "; ".join(
            f"{f.id.replace('_', ' ')} ({f.reason})" for f in flags
        ) + "."
    heavy, why = heavy_training(ctx, causes)
    return ("weekly" if heavy else "monthly"), why + _on_rest_days(causes)


def _on_rest_days(causes: Sequence[CauseFinding]) -> str:
    """When training runs day after day, sessions go on the rest days."""
    recovery = next((c for c in causes if c.id == "under_recovery"), None)
    streak = fired(recovery, "consecutive_days")
    if not streak:
        return ""
    return (
        f" With {streak[0].value:.0f} days in a row of training, book sessions on "
        "your rest days: a session then adds to recovery instead of to a loaded day."
    )


def mfr_action(cadence: MfrCadence, why: str) -> PlanAction:
    text = {
        "weekly": "Myofascial release once a week while training is heavy "
        "(start with the free Discovery Visit if you have not had one).",
        "monthly": "Myofascial release once a month to maintain mobility "
        "(start with the free Discovery Visit if you have not had one).",
        "refer_first": "Online booking of myofascial release is paused until a "
        "physician has seen you; a Discovery Visit conversation by phone is still possible.",
    }[cadence]
    return PlanAction("mfr", text, why, "clinic_protocol")


def see_physician(flags: Sequence[RedFlag]) -> PlanAction:
    names = ", ".join(f.id.replace("_", " ") for f in flags)
    text = "See a physician first, before manual therapy or hard training."
    if stops_running(flags):
        text = (
            "See a physician first, and do not run until a physician has cleared "
            "you: nothing else in this plan applies until then."
        )
    return PlanAction(
        "see_physician",
        text,
        f"Your answers or diary show signs that need a medical check: {names}. "
        "These are reasons to be examined, not a diagnosis.",
        "red_flags",
    )


def stops_running(flags: Sequence[RedFlag]) -> bool:
    """Pinpoint bone pain or not bearing weight: no running advice at all."""
    return any(f.id in NO_RUNNING for f in flags)


def ask_red_flag_questions(ctx: Context) -> list[PlanAction]:
    """The questions, when no recent check-in answered them: not asked is not none."""
    screening = red_flag_screening(ctx.checkins, ctx.as_of, ctx.thresholds)
    if screening.answered_on is not None:
        return []
    last = screening.last_answered
    when = f"last answered on {last.isoformat()}" if last else "never answered"
    questions = " ".join(RED_FLAG_QUESTIONS[f] for f in RED_FLAG_IDS)
    return [
        PlanAction(
            "screen",
            f"Answer the six red-flag questions first: {questions}",
            f"They have not been answered in the last "
            f"{ctx.thresholds.red_flag_screening_days} days ({when}). Until they "
            "are, nothing here can rule out a reason to see a physician first.",
            "red_flags",
        )
    ]


def ask_first(questions: Sequence[RedFlagQuestion]) -> PlanAction:
    asked = " ".join(q.question for q in questions)
    quoted = "; ".join(f'"{q.words}" ({q.where})' for q in questions)
    return PlanAction(
        "red_flag_questions",
        f"Answer these questions first (a check-in): {asked}",
        f"Your diary suggests a warning sign without saying it plainly: {quoted}. "
        "A yes means seeing a physician first; a no lets the plan below stand.",
        "red_flags",
        tuple(q.id for q in questions),
    )


def build_plan(
    ctx: Context,
    flags: Sequence[RedFlag],
    causes: Sequence[CauseFinding],
    chain: Sequence[ChainLink],
    questions: Sequence[RedFlagQuestion] = (),
) -> Plan:
    cadence, why = mfr_cadence(ctx, flags, causes)
    if stops_running(flags):
        return Plan(cadence, (see_physician(flags), mfr_action(cadence, why)))
    by_id = {c.id: c for c in causes}
    advice = [
        *rest(ctx, by_id),
        stretching(ctx, by_id, chain),
        strength(ctx, by_id),
        warmup(ctx, by_id),
        hydration(ctx, by_id),
        *shoe_actions(ctx, by_id),
        *variety(ctx, by_id),
    ]
    if flags:
        advice = [_after_clearance(a) for a in advice]
    first = [see_physician(flags)] if flags else []
    first += ask_red_flag_questions(ctx)
    if questions:
        first.append(ask_first(questions))
    return Plan(cadence, (*first, mfr_action(cadence, why), *advice))


def _after_clearance(action: PlanAction) -> PlanAction:
    if action.kind not in EXERCISE:
        return action
    text = CLEARED_FIRST + action.text[:1].lower() + action.text[1:]
    return PlanAction(action.kind, text, action.why, action.citation, action.targets)
