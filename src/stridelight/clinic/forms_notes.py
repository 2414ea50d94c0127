"""The session note's forms: the SOAP sections, findings by region and side, addenda."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from stridelight.clinic.care import MOST_SESSIONS
from stridelight.clinic.models import Service
from stridelight.clinic.models_notes import RESTRICTION_LABELS, Cadence
from stridelight.clinic.services_notes import FoundRestriction, Soap
from stridelight.core.vocabulary import REGIONS, SIDES, Region, Side
from stridelight.runners.models import choices_of

#: Finding rows the form offers (blank ones are ignored); no script needed.
FINDING_ROWS = 8
#: Above the findings' body map (clinic/findings.js gives it its meaning).
MAP_HINT = (
    "Press where you found a restriction: the region and the side you pressed go "
    "into the next empty finding; then choose its restriction there. Press a "
    "marked region again to take it off. In the front view you face the client, "
    "so their left leg is on your right."
)


class SoapForm(forms.Form):
    subjective = forms.CharField(
        label="Subjective",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the client tells you: where, since when, what makes it worse.",
    )
    objective = forms.CharField(
        label="Objective",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you observe and test. Record restrictions in the findings below.",
    )
    assessment = forms.CharField(
        label="Assessment", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    plan = forms.CharField(
        label="Plan", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    ache_before = forms.IntegerField(
        label="Ache before the session (0–10)",
        required=False,
        min_value=0,
        max_value=10,
        help_text="The client's own rating; left empty when not asked.",
    )
    ache_after = forms.IntegerField(
        label="Ache after the session (0–10)",
        required=False,
        min_value=0,
        max_value=10,
    )

    def soap(self) -> Soap:
        data = self.cleaned_data
        return Soap(
            subjective=data["subjective"],
            objective=data["objective"],
            assessment=data["assessment"],
            plan=data["plan"],
            ache_before=data["ache_before"],
            ache_after=data["ache_after"],
        )


class FindingForm(forms.Form):
    region = forms.ChoiceField(
        label="Region", choices=[("", "—"), *choices_of(REGIONS)], required=False
    )
    side = forms.ChoiceField(
        label="Side", choices=[("", "—"), *choices_of(SIDES)], required=False
    )
    restriction = forms.TypedChoiceField(
        label="Restriction",
        choices=[("", "—")] + [(str(v), t) for v, t in RESTRICTION_LABELS],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [
            data.get(k) not in (None, "") for k in ("region", "side", "restriction")
        ]
        if any(given) and not all(given):
            raise forms.ValidationError(
                "Give the region, the side and the restriction, or leave all three empty."
            )
        return data

    def finding(self) -> FoundRestriction | None:
        data = self.cleaned_data
        if not data.get("region"):
            return None
        return FoundRestriction(
            region=cast(Region, data["region"]),
            side=cast(Side, data["side"]),
            restriction=int(data["restriction"]),
        )


class BaseFindingFormSet(forms.BaseFormSet[FindingForm]):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            found = form.finding()
            if found is None:
                continue
            if (found.region, found.side) in seen:
                raise forms.ValidationError(
                    f"{found.region.replace('_', ' ')} ({found.side}) is listed twice."
                )
            seen.add((found.region, found.side))

    def findings(self) -> list[FoundRestriction]:
        return [f for f in (form.finding() for form in self.forms) if f is not None]


FindingFormSet = forms.formset_factory(
    FindingForm,
    formset=BaseFindingFormSet,
    extra=0,
    max_num=FINDING_ROWS,
    absolute_max=FINDING_ROWS,
    validate_max=True,
)


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A correction or addition; the signed note itself does not change.",
    )


def finding_formset(
    data: Any = None, initial: list[dict[str, Any]] | None = None
) -> BaseFindingFormSet:
    """The findings' rows, bound to ``data`` or shown with ``initial``."""
    return cast(BaseFindingFormSet, FindingFormSet(data, initial=initial, prefix="f"))


class CarePlanForm(forms.Form):
    cadence = forms.ChoiceField(
        label="Cadence",
        choices=Cadence.choices,
        widget=forms.RadioSelect,
        help_text="Weekly while training is heavy; monthly for maintenance.",
    )


class SeriesForm(forms.Form):
    """A series of sessions at the plan's cadence, booked all or nothing."""

    service = forms.ModelChoiceField(
        label="Service", queryset=Service.objects.filter(active=True), empty_label=None
    )
    first = forms.DateField(
        label="First session", widget=forms.DateInput(attrs={"type": "date"})
    )
    at = forms.TimeField(
        label="Time (clinic time)", widget=forms.TimeInput(attrs={"type": "time"})
    )
    count = forms.IntegerField(
        label="Number of sessions", min_value=1, max_value=MOST_SESSIONS, initial=4
    )
