"""/me/psfs/: the runner answers the Patient-Specific Functional Scale;
/psfs/<token>/: the same form from the e-mailed link, without signing in.

It lives in the clinic app (the runners app imports no clinic code) under the
runner's /me/ addresses.  The previous answer's activities are offered again, so
the same activities are rated each time (the scale compares like with like).
When it is asked, and the link: ``clinic.psfs_ask``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from stridelight.accounts.models import User
from stridelight.clinic import outcomes
from stridelight.clinic.models_outcomes import OutcomeResponse
from stridelight.clinic.psfs_ask import last_psfs, psfs_due, runner_of_link
from stridelight.clinic.services_outcomes import outcome_record
from stridelight.runners.access import signed_in

ROWS = outcomes.PSFS_ITEMS[1]


class PsfsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, ROWS + 1):
            self.fields[f"activity_{n}"] = forms.CharField(
                label=f"Activity {n}", max_length=120, required=False
            )
            self.fields[f"rating_{n}"] = forms.TypedChoiceField(
                label=f"Activity {n}: how well can you do it now?",
                choices=[("", "—")] + [(str(v), str(v)) for v in range(11)],
                coerce=int,
                empty_value=None,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            outcomes.score(outcomes.PSFS, self.answers())
        except outcomes.BadAnswers as bad:
            raise forms.ValidationError(f"Please check: {bad}.") from bad
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        items = [
            {
                "activity": data.get(f"activity_{n}", "").strip(),
                "rating": data.get(f"rating_{n}"),
            }
            for n in range(1, ROWS + 1)
            if data.get(f"activity_{n}", "").strip()
            or data.get(f"rating_{n}") is not None
        ]
        return {"items": items}


@login_required
@require_http_methods(["GET", "POST"])
def psfs(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)  # under /me/: runners.access let only runners in
    last = last_psfs(user)
    form = PsfsForm(request.POST or None, initial=_initial(last))
    if request.method == "POST" and form.is_valid():
        _record(user, form)
        messages.success(request, "Thank you: your answers are saved.")
        return redirect("clinic:psfs")
    return render(
        request,
        "clinic/psfs.html",
        {"form": form, "last": last, "due": psfs_due(user, now=timezone.now())},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def psfs_link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: the runner it names answers once, signed in or not."""
    runner = runner_of_link(token, now=timezone.now())
    if runner is None:
        return render(request, "clinic/psfs_link_gone.html", status=410)
    last = last_psfs(runner)
    form = PsfsForm(request.POST or None, initial=_initial(last))
    if request.method == "POST" and form.is_valid():
        _record(runner, form)
        return render(request, "clinic/psfs_link_done.html")
    return render(request, "clinic/psfs_link.html", {"form": form, "last": last})


def _record(runner: User, form: PsfsForm) -> None:
    outcome_record(
        runner=runner,
        instrument=outcomes.PSFS,
        answers=form.answers(),
        at=timezone.now(),
    )


def _initial(last: OutcomeResponse | None) -> dict[str, str]:
    if last is None:
        return {}
    items = last.answers.get("items", [])
    return {f"activity_{n}": item["activity"] for n, item in enumerate(items, 1)}
