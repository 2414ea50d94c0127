"""How to do each screening test, and the norm it is read against (research/science.md §1.8).

The norms are the analysis' own thresholds (``core.thresholds``), so the page
and the tight-chain detector agree; the citation ids are the evidence registry's.
"""

from __future__ import annotations

from dataclasses import dataclass

from stridelight.core.thresholds import DEFAULTS
from stridelight.core.vocabulary import ScreeningTest


@dataclass(frozen=True)
class Guide:
    test: ScreeningTest
    name: str
    unit: str
    steps: tuple[str, ...]
    norm: str
    citation: str
    #: The norm's line on the trend chart, in the test's unit.
    norm_value: float
    #: True when a higher value is better (more range, more repetitions).
    higher_is_better: bool = True


T = DEFAULTS

GUIDES: tuple[Guide, ...] = (
    Guide(
        test="knee_to_wall_cm",
        name="Knee-to-wall lunge",
        unit="cm",
        steps=(
            "Stand facing a wall, barefoot, the foot you test in front.",
            "Keep the heel on the floor and bend the knee until it touches the wall.",
            "Move the foot back until the knee only just touches with the heel still down.",
            "Measure from the tip of the big toe to the wall, in cm. Do both sides.",
        ),
        norm=f"Healthy adults reach about {T.knee_to_wall_soft_norm_cm:g}–15 cm. What counts "
        f"most is change: a drop of {T.knee_to_wall_drop_cm:g} cm or more, or "
        f"{T.knee_to_wall_side_diff_cm:g} cm or more between sides.",
        citation="chisholm2012",
        norm_value=T.knee_to_wall_soft_norm_cm,
    ),
    Guide(
        test="ankle_df_deg",
        name="Ankle dorsiflexion, knee straight",
        unit="°",
        steps=(
            "Lie on your back with the knee straight; relax the foot.",
            "A helper bends the foot up towards the shin as far as it goes without force.",
            "Measure the angle from a right angle (0°) with a goniometer or a phone "
            "inclinometer along the sole.",
        ),
        norm=f"{T.ankle_df_min_deg:g}° or more is usual; {T.ankle_df_severe_deg:g}° or less "
        "is strongly linked with heel pain.",
        citation="riddle2003",
        norm_value=T.ankle_df_min_deg,
    ),
    Guide(
        test="slr_deg",
        name="Straight-leg raise",
        unit="°",
        steps=(
            "Lie on your back, both legs straight.",
            "A helper lifts one leg, knee straight, until you feel a firm stretch "
            "behind the thigh or the pelvis starts to tilt.",
            "Measure the angle between the leg and the floor. Do both sides.",
        ),
        norm=f"{T.slr_min_deg:g}° or more is normal; less means tight hamstrings.",
        citation="ayala2013",
        norm_value=T.slr_min_deg,
    ),
    Guide(
        test="thomas",
        name="Modified Thomas test",
        unit="°",
        steps=(
            "Sit on the very end of a firm table, then roll back hugging both knees.",
            "Keep one knee to your chest and let the other leg hang, relaxed.",
            "Measure the hanging thigh's angle to the horizontal: positive when it "
            "rests above horizontal, negative below.",
        ),
        norm=f"At or below horizontal ({T.thomas_positive_above:g}°) is normal; above it "
        "suggests tight hip flexors. The test is a screening observation only: it is "
        "unreliable unless the pelvis is held still.",
        citation="vigotsky2016",
        norm_value=T.thomas_positive_above,
    ),
    Guide(
        test="heel_raise_reps",
        name="Single-leg heel raises",
        unit="repetitions",
        steps=(
            "Stand on one leg, fingertips on a wall for balance only.",
            "Rise as high as you can and lower again, about one a second.",
            "Count until you can no longer rise fully. Do both sides.",
        ),
        norm=f"{T.heel_raise_min_reps:g} or more is the usual target; averages fall with "
        "age (men about 37 in their twenties, 23 in their fifties; women 30 and 21).",
        citation="heberlosier2009",
        norm_value=T.heel_raise_min_reps,
    ),
)
