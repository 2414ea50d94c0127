"""Forms of the journal pages: the bundle's own ranges (``importers.bundle.plausible``),
so a value the page accepts is one an import would accept, and the other way round."""

from __future__ import annotations

from typing import Any

from django import forms

from stridelight.core.vocabulary import (
    HABIT_KINDS,
    REGIONS,
    SCREENING_TESTS,
    SIDES,
    word_in,
)
from stridelight.importers.bundle import plausible
from stridelight.report.labels import region_words, tidy

SCREENING_NAMES = {
    "knee_to_wall_cm": "Knee-to-wall lunge (cm)",
    "ankle_df_deg": "Ankle dorsiflexion, knee straight (°)",
    "slr_deg": "Straight-leg raise (°)",
    "thomas": "Modified Thomas test (° of the thigh above horizontal)",
    "heel_raise_reps": "Single-leg heel raises (repetitions)",
}
HABIT_NAMES = {
    "stretch": "Stretching",
    "warmup": "Warm-up",
    "hydration": "Hydration",
    "sleep": "Sleep",
    "strength": "Strength work",
    "foam_roll": "Foam rolling",
}
REGION_HABITS = ("stretch", "strength", "foam_roll")


def _ranged(range_: plausible.Range, **kwargs: Any) -> forms.FloatField:
    return forms.FloatField(min_value=range_.low, max_value=range_.high, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


class ShoeForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the pair")
    category = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Not said"),
            ("road", "Road"),
            ("trail", "Trail"),
            ("racing", "Racing"),
            ("minimal", "Minimal"),
        ],
    )
    started_on = forms.DateField(
        required=False, widget=DateInput, label="First worn on"
    )
    start_km = _ranged(
        plausible.SHOE_START_KM,
        required=False,
        label="Distance already on it (km)",
        help_text="Left empty: a new pair, 0 km.",
    )
    limit_km = _ranged(
        plausible.SHOE_LIMIT_KM,
        required=False,
        label="Replace at (km)",
        help_text="Usually 500–800 km; left empty, 700 km.",
    )


class ShoeLimitForm(forms.Form):
    limit_km = _ranged(
        plausible.SHOE_LIMIT_KM,
        required=False,
        label="Replace at (km)",
        help_text="Usually 500–800 km; left empty, 700 km.",
    )


class HabitForm(forms.Form):
    day = forms.DateField(widget=DateInput, label="Day")
    kind = forms.ChoiceField(
        choices=[(k, HABIT_NAMES.get(k, tidy(k))) for k in HABIT_KINDS], label="What"
    )
    minutes = _ranged(
        plausible.HABIT_MINUTES,
        required=False,
        label="Minutes",
        help_text="Stretching, warm-up, strength, foam rolling. 0 records a skip.",
    )
    liters = _ranged(
        plausible.HYDRATION_LITERS, required=False, label="Litres drunk that day"
    )
    hours = _ranged(plausible.SLEEP_HOURS, required=False, label="Hours of sleep")
    regions = forms.MultipleChoiceField(
        required=False,
        choices=[(r, region_words(r)) for r in REGIONS],
        widget=forms.CheckboxSelectMultiple,
        label="Regions worked (stretching, strength, foam rolling)",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        needed = {"hydration": "liters", "sleep": "hours"}.get(str(kind), "minutes")
        if kind and data.get(needed) is None:
            self.add_error(needed, "Say how much for this entry.")
        if data.get("regions") and kind not in REGION_HABITS:
            self.add_error(
                "regions", "Only stretching, strength and foam rolling name regions."
            )
        return data


class ScreeningForm(forms.Form):
    day = forms.DateField(widget=DateInput, label="Day")
    test = forms.ChoiceField(
        choices=[(t, SCREENING_NAMES.get(t, tidy(t))) for t in SCREENING_TESTS],
        label="Test",
    )
    side = forms.ChoiceField(choices=[(s, s.capitalize()) for s in SIDES], label="Side")
    value = forms.FloatField(label="Result, in the test's unit")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        test = word_in(SCREENING_TESTS, str(data.get("test")))
        value = data.get("value")
        if test is not None and value is not None:
            allowed = plausible.SCREENINGS[test]
            if not allowed.low <= value <= allowed.high:
                self.add_error(
                    "value",
                    f"{value:g} is outside the human range {allowed.describe()} "
                    f"({allowed.what}): check the unit.",
                )
            elif test in plausible.COUNTED and not float(value).is_integer():
                self.add_error("value", "Count whole repetitions.")
        return data
