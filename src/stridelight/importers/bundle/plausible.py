"""Human ranges for runner.json values: beyond them an entry is a typo or a unit slip.

These are input checks, not analysis thresholds: a value outside its range is
refused with an error naming the entry (docs/bundle.md, "Validation"), so the
analysis never reasons from a knee-to-wall of 80 cm or 300° of hip flexion.
Each bound is wide enough for every real runner and says why it is where it is.
One value is questioned rather than refused: a body mass that reads more like
pounds than kilograms (:func:`pounds_question`), since heavy runners exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from stridelight.core.vocabulary import ScreeningTest
from stridelight.importers.limits import MAX_PATH_CHARS


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str
    what: str  # the measure in words, for the error message

    def describe(self) -> str:
        return f"{self.low:g}–{self.high:g} {self.unit}".rstrip()


#: The longest texts the store keeps (the columns of ``runners.models``, held to
#: these by a test): a longer one is refused, naming it, rather than cut, since
#: an id cut short could meet another or lose the activities that name it.
NAME_CHARS = 200  # the runner's name, a shoe's id and its name
CATEGORY_CHARS = 50  # a shoe's kind
FILE_CHARS = MAX_PATH_CHARS  # an activity's file, its path inside the bundle

#: Adults: 30 kg is below any adult runner (a BMI of 12 at 1.58 m); 250 kg is
#: above the heaviest people who run.  Outside it, the number is not a mass in kg.
BODY_MASS = Range(30.0, 250.0, "kg", "body mass")
#: Above this a mass is more likely pounds than kilograms (a 54 kg runner is
#: 120 lb): 165 "kg" is a 75 kg runner's pounds far more often than a 165 kg
#: runner.  Questioned with a warning, not refused: the value is used as written.
POUNDS_LIKELY_ABOVE_KG = 120.0
KG_PER_LB = 0.45359237  # the international pound, exactly

#: Each test in its own unit (docs/bundle.md, "screenings").
SCREENINGS: Mapping[ScreeningTest, Range] = MappingProxyType(
    {
        # Toe at the wall is 0; healthy adults reach about 9-15 cm (Bennell 1998),
        # the most flexible a little over 20.
        "knee_to_wall_cm": Range(0.0, 25.0, "cm", "toe-to-wall distance"),
        # Passive, knee straight, from the foot at a right angle (0°): 10-20° is
        # usual, below 0° an equinus; no ankle bends 45° this way or -30° the other.
        "ankle_df_deg": Range(-30.0, 45.0, "°", "ankle dorsiflexion"),
        # 80° or more is normal (Ayala 2013); dancers reach about 130°.
        "slr_deg": Range(0.0, 150.0, "°", "straight-leg raise"),
        # Thigh angle to the horizontal: about -15° flexible, +30° very tight.
        "thomas": Range(-45.0, 60.0, "°", "thigh angle to the horizontal"),
        # 25 is the usual target (Hébert-Losier 2009); trained runners reach 50-70.
        "heel_raise_reps": Range(0.0, 200.0, "", "heel raises"),
    }
)
#: Tests counted in repetitions: whole numbers only.
COUNTED: frozenset[ScreeningTest] = frozenset({"heel_raise_reps"})

#: Stretching, warm-up, strength, foam rolling, or a sweat test's run: ten hours
#: is beyond any day's programme (a whole day, 1440, was a typo's range).
HABIT_MINUTES = Range(0.0, 600.0, "min", "minutes")
#: Drinking per day: 2-2.5 l is the usual adequate intake and ultra runners in
#: the heat drink up to about 8-10 l; more is a typo (ml for l) or a danger: over
#: drinking dilutes the blood's sodium (hyponatraemia, Sawka 2007).
HYDRATION_LITERS = Range(0.0, 10.0, "l", "litres drunk")
SLEEP_HOURS = Range(0.0, 24.0, "h", "hours")
#: Sweat rates run 0.5-2.0 l/h and rarely pass 3.5 (Sawka 2007).
SWEAT_RATE = Range(0.0, 5.0, "l/h", "sweat rate")

#: ``targets`` keys with a known meaning, checked like the field they aim at;
#: other keys are kept with any non-negative number.
TARGETS: Mapping[str, Range] = MappingProxyType(
    {
        "liters": HYDRATION_LITERS,
        "hours": SLEEP_HOURS,
        "minutes": HABIT_MINUTES,
        "sweat_rate_l_per_h": SWEAT_RATE,
        "mass_pre_kg": BODY_MASS,
        "mass_post_kg": BODY_MASS,
    }
)

#: Distance on a pair before the bundle's history: no running shoe lasts 5000 km.
SHOE_START_KM = Range(0.0, 5000.0, "km", "distance already on the pair")
#: When to replace a pair: 500-800 km is usual; under 100 or over 3000 is a typo.
SHOE_LIMIT_KM = Range(100.0, 3000.0, "km", "replacement distance")


def pounds_question(mass_kg: float) -> str | None:
    """Why a mass may be pounds, as a question with the converted value; or None."""
    if mass_kg <= POUNDS_LIKELY_ABOVE_KG:
        return None
    return (
        f"{mass_kg:g} kg is a lot for a runner: is that pounds? "
        f"{mass_kg:g} lb is {mass_kg * KG_PER_LB:.1f} kg. The analysis uses "
        f"{mass_kg:g} kg; write the mass in kilograms if it was pounds"
    )
