"""The booking forms: the six red-flag questions, and the client's details with
the intake questions and the consent.  Templates render the fields by hand (one
``clinic/_field.html``) so each error is tied to its field and listed in the
summary at the top of the page."""

from __future__ import annotations

from typing import Any

from django import forms

from stridelight.clinic import intake
from stridelight.clinic.services import IntakeAnswers
from stridelight.core.vocabulary import RedFlagId

YES_NO = (("yes", "Yes"), ("no", "No"))


class RedFlagForm(forms.Form):
    """One yes/no question per red flag, none answered in advance."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for flag in intake.RED_FLAG_IDS:
            self.fields[flag] = forms.ChoiceField(
                label=intake.RED_FLAG_QUESTIONS[flag],
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Answer yes or no."},
            )

    def answers(self) -> dict[RedFlagId, bool]:
        return {f: self.cleaned_data[f] == "yes" for f in intake.RED_FLAG_IDS}


class DetailsForm(forms.Form):
    """Who is coming, what they feel (optional), and their consent to the terms."""

    name = forms.CharField(
        label="Your name",
        max_length=120,
        error_messages={"required": "Give your name."},
    )
    email = forms.EmailField(
        label="E-mail",
        help_text="We send the confirmation and your link to change it here.",
        error_messages={
            "required": "Give your e-mail address.",
            "invalid": "Give an e-mail address such as ann@example.com.",
        },
    )
    phone = forms.CharField(
        label="Phone",
        max_length=40,
        help_text="In case we need to reach you about the visit.",
        error_messages={"required": "Give a phone number."},
    )
    # The version of the terms the page showed: agreeing to a text since replaced
    # is not agreeing to the current one.
    terms_version = forms.CharField(widget=forms.HiddenInput, required=False)
    consent = forms.BooleanField(
        label="I agree to the clinic's terms above.",
        error_messages={"required": "Agree to the clinic's terms to book online."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in intake.QUESTIONS:
            choices = [(o.id, o.label) for o in question.options]
            self.fields[question.id] = (
                forms.MultipleChoiceField(
                    label=question.label,
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
                if question.many
                else forms.ChoiceField(
                    label=question.label,
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
            )

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        if sum(ch.isdigit() for ch in phone) < 7:
            raise forms.ValidationError("Give a phone number with at least 7 digits.")
        return phone

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.data.get("terms_version") != intake.TERMS.version:
            self.add_error(
                "consent", "The clinic's terms have changed: read them again and agree."
            )
        return cleaned

    def intake_answers(self, red_flags: dict[RedFlagId, bool]) -> IntakeAnswers:
        answered: dict[str, list[str]] = {}
        for question in intake.QUESTIONS:
            value = self.cleaned_data.get(question.id) or []
            chosen = [str(v) for v in value] if question.many else [str(value)]
            if value:
                answered[question.id] = chosen
        return IntakeAnswers(
            red_flags=red_flags,
            answers=answered,
            consent_version=intake.TERMS.version,
            consent_text=intake.TERMS.text,
        )

    def intake_fields(self) -> list[forms.BoundField]:
        return [self[q.id] for q in intake.QUESTIONS]
