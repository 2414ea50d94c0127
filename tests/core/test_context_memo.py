"""The workouts' side of the context kept between analyses (``build_context``'s
memo) gives exactly the analysis made without it, whatever the diary holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from stridelight.core.analysis import analyze
from stridelight.core.detectors.context import WorkoutSide
from stridelight.core.journal import Ache
from stridelight.core.thresholds import DEFAULTS
from tests.core import scenarios

AS_OF = scenarios.AS_OF


def heel_ache(days_before: int, intensity: int) -> Ache:
    return Ache(
        at=scenarios.at(AS_OF - timedelta(days=days_before), 19),
        region="heel",
        side="left",
        intensity=intensity,
        timing="after_run",
    )


def test_an_analysis_after_new_aches_is_the_same_with_the_memo() -> None:
    data = scenarios.footwear()
    memo: dict[object, WorkoutSide] = {}
    first = analyze(data, as_of=AS_OF, memo=memo)
    assert repr(first) == repr(analyze(data, as_of=AS_OF))
    assert len(memo) == 1
    # A check-in later: more aches, the same workouts (the same tuple).
    later = replace(data, aches=(*data.aches, heel_ache(0, 7), heel_ache(1, 6)))
    kept = analyze(later, as_of=AS_OF, memo=memo)
    assert repr(kept) == repr(analyze(later, as_of=AS_OF))
    assert repr(kept) != repr(first)  # the aches show
    assert len(memo) == 1  # the workouts' side was not made again


def test_each_day_and_setting_has_its_own_side() -> None:
    data = scenarios.tight_chain()
    memo: dict[object, WorkoutSide] = {}
    stricter = replace(DEFAULTS, rotation_days=DEFAULTS.rotation_days + 7)
    for as_of, thresholds in [
        (AS_OF, DEFAULTS),
        (AS_OF - timedelta(days=3), DEFAULTS),
        (AS_OF, stricter),
    ]:
        with_memo = analyze(data, as_of=as_of, thresholds=thresholds, memo=memo)
        alone = analyze(data, as_of=as_of, thresholds=thresholds)
        assert repr(with_memo) == repr(alone)
    assert len(memo) == 3


def test_a_side_made_of_other_workouts_is_not_used() -> None:
    data = scenarios.footwear()
    memo: dict[object, WorkoutSide] = {}
    analyze(data, as_of=AS_OF, memo=memo)
    fewer = replace(data, workouts=data.workouts[: len(data.workouts) // 2])
    assert repr(analyze(fewer, as_of=AS_OF, memo=memo)) == repr(
        analyze(fewer, as_of=AS_OF)
    )
