"""The check-in's forms: one per ache (a formset), and the six red-flag questions.

Every error message names its field, so a runner (and a screen reader reading
the error summary) knows which answer is missing without looking for red.
Nothing is pre-selected: an ache's side and the six answers must each be chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from stridelight.core.redflag_words import QUESTIONS
from stridelight.core.vocabulary import (
    ACHE_TIMINGS,
    RED_FLAG_IDS,
    REGIONS,
    RedFlagId,
)
from stridelight.report.labels import region_words

SIDE_CHOICES = [("left", "Left"), ("right", "Right"), ("both", "Both sides")]
TIMING_WORDS: Mapping[str, str] = {
    "during_run": "During the run",
    "after_run": "After the run",
    "next_morning": "Next morning",
    "at_rest": "At rest",
}
#: What an ache can feel like (the bundle's ``quality``, docs/bundle.md).  Words
#: a red flag is read from ("numbness"…) are not offered: the six questions ask.
QUALITIES = ("aching", "tightness", "heaviness", "stiffness", "sharp", "throbbing")
MAX_ACHES = 10


def _required(what: str) -> dict[str, str]:
    return {"required": what, "invalid_choice": what}


class AcheForm(forms.Form):
    region = forms.ChoiceField(
        label="Where",
        choices=[(r, region_words(r)) for r in REGIONS],
        widget=forms.RadioSelect,
        error_messages=_required("Where: choose the region that aches."),
    )
    side = forms.ChoiceField(
        label="Side",
        choices=SIDE_CHOICES,
        widget=forms.RadioSelect,
        error_messages=_required("Side: choose left, right or both sides."),
    )
    intensity = forms.TypedChoiceField(
        label="How much",
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_required("How much: choose 0 to 10."),
    )
    timing = forms.ChoiceField(
        label="When",
        choices=[(t, TIMING_WORDS[t]) for t in ACHE_TIMINGS],
        widget=forms.RadioSelect,
        error_messages=_required("When: choose when it aches."),
    )
    quality = forms.MultipleChoiceField(
        label="What it feels like",
        choices=[(q, q.capitalize()) for q in QUALITIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "What it feels like: choose from the list."},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Notes: at most 500 characters."},
    )


AcheFormSet = forms.formset_factory(
    AcheForm, extra=1, can_delete=True, max_num=MAX_ACHES, validate_max=True
)

#: The answer that raises each flag.  Five questions ask "do you have…", where
#: yes is the flag; the weight question asks whether the runner *can* walk, so
#: there no is the flag (core.redflag_words.QUESTIONS words them all).
FLAG_ANSWER: Mapping[RedFlagId, str] = {
    f: ("no" if f == "cannot_bear_weight" else "yes") for f in RED_FLAG_IDS
}


class RedFlagForm(forms.Form):
    """The six questions (DESIGN §1), each answered, or "none apply" ticked.

    "None of these apply to me" is one explicit answer to all six, given after
    they are shown: it fills each safe answer (the script shows them filled),
    and it cannot stand beside an answer that raises a flag.
    """

    none_apply = forms.BooleanField(
        label="None of these six apply to me", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for flag in RED_FLAG_IDS:
            self.fields[flag] = forms.ChoiceField(
                label=QUESTIONS[flag],
                choices=[("yes", "Yes"), ("no", "No")],
                widget=forms.RadioSelect(attrs={"data-flag-answer": FLAG_ANSWER[flag]}),
                required=False,
                error_messages={
                    "invalid_choice": f"{QUESTIONS[flag]} Answer yes or no."
                },
            )
        # The questions first, then the one-tap answer to all of them.
        self.order_fields([*RED_FLAG_IDS, "none_apply"])

    def questions(self) -> list[forms.BoundField]:
        return [self[flag] for flag in RED_FLAG_IDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        none_apply = bool(data.get("none_apply"))
        for flag in RED_FLAG_IDS:
            answer = data.get(flag) or ""
            if answer == FLAG_ANSWER[flag] and none_apply:
                self.add_error(
                    "none_apply",
                    f"None of these apply: but you answered {answer} to "
                    f'"{QUESTIONS[flag]}" Untick this or change that answer.',
                )
            elif not answer and not none_apply and flag not in self.errors:
                self.add_error(flag, f"{QUESTIONS[flag]} Answer yes or no.")
        return data

    def red_flags(self) -> tuple[RedFlagId, ...]:
        """The flags answered yes (call after ``is_valid``)."""
        return tuple(
            f for f in RED_FLAG_IDS if self.cleaned_data.get(f) == FLAG_ANSWER[f]
        )
