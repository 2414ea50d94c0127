"""/me/activities/: the runner's recordings, one page at a time, and each one's
route and pace, heart rate and cadence over the run.

The shoe of a run is changed with a small form on the list and on the detail
(``activity_shoe``); it goes through ``services.activity_shoe_set``, which raises
the data version so the analysis counts the pair's distance again.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from stridelight.runners import models as m
from stridelight.runners import selectors_activities as read
from stridelight.runners.access import signed_in
from stridelight.runners.services import activity_shoe_set, runner_for


class ShoeForm(forms.Form):
    """The pair a run was in, among the runner's own; empty: none."""

    shoe = forms.ModelChoiceField(queryset=m.Shoe.objects.none(), required=False)

    def __init__(self, *args: Any, runner: m.Runner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["shoe"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = m.Shoe.objects.filter(runner=runner)


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    runner = runner_for(signed_in(request))
    page = read.activities_page(runner, request.GET.get("page"))
    context = {
        "page": page,
        "shoes": read.shoes_of(runner),
        "time_zone": runner.time_zone,
        "here": request.get_full_path(),
    }
    return render(request, "runners/activities.html", context)


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    runner = runner_for(signed_in(request))
    activity = read.activity_for(runner, pk)
    recording = read.recording_of(activity)
    series = recording.series
    charts = None
    if series is not None:
        charts = {
            "t": series.elapsed_s,
            "pace": series.pace_s_per_km if series.has(series.pace_s_per_km) else None,
            "hr": series.hr_bpm if series.has(series.hr_bpm) else None,
            "cadence": series.cadence_spm if series.has(series.cadence_spm) else None,
        }
    context = {
        "activity": activity,
        "recording": recording,
        "charts": charts,
        "shoes": read.shoes_of(runner),
        "time_zone": runner.time_zone,
        "here": request.get_full_path(),
    }
    return render(request, "runners/activity.html", context)


@login_required
@require_POST
def activity_shoe(request: HttpRequest, pk: int) -> HttpResponse:
    runner = runner_for(signed_in(request))
    activity = read.activity_for(runner, pk)  # 404 before anything is read
    form = ShoeForm(request.POST, runner=runner)
    if not form.is_valid():
        messages.error(request, "That pair is not one of yours: nothing changed.")
        return redirect(_back(request))
    shoe = form.cleaned_data["shoe"]
    try:
        activity_shoe_set(
            runner=runner,
            activity_id=activity.pk,
            shoe_id=None if shoe is None else shoe.pk,
        )
    except (m.Activity.DoesNotExist, m.Shoe.DoesNotExist):
        raise Http404 from None
    named = "no pair" if shoe is None else shoe.name
    day = timezone.localtime(activity.start, ZoneInfo(runner.time_zone))
    messages.success(request, f"Saved: the run of {day:%-d %b %Y} in {named}.")
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    """Where the form was sent from (a page of the list, or the detail)."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("runners:activities")
