"""/me/check-in/: the daily check-in on a body map (issue 10, docs/web.md).

GET draws the form (``?repeat=last`` starts from the last day's aches: "same as
yesterday").  POST either adds a region to the form (``add_ache``: drawn again,
nothing saved) or saves the whole check-in through ``services.checkin_record``
and refreshes the analysis in the request, so the dashboard finds it ready: a
check-in changes only the diary, so the refresh reads the aches and answers
and takes the rest from memory (``runners.data_cache``; docs/benchmarks.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stridelight.accounts.models import User
from stridelight.core import journal as core
from stridelight.core.vocabulary import ACHE_TIMINGS, REGIONS, SIDES, word_in
from stridelight.report.labels import RED_FLAG_WORDS
from stridelight.runners import data_cache, services
from stridelight.runners import models as m
from stridelight.runners.access import signed_in
from stridelight.runners.analysis import refresh
from stridelight.runners.checkin_forms import AcheFormSet, RedFlagForm
from stridelight.runners.checkins import (
    LastAches,
    Recorded,
    aches_to_repeat,
    flags_today,
)
from stridelight.runners.selectors import profile_of
from stridelight.runners.tasks import refresh_analysis

PREFIX = "ache"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Today:
    """Who checks in, and when: read once per request."""

    runner: m.Runner
    now: datetime
    today: date

    @cached_property
    def last(self) -> LastAches | None:
        """The aches "same as yesterday" starts from (read once)."""
        return aches_to_repeat(runner=self.runner, today=self.today)


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    runner = services.runner_for(signed_in(request))
    # The edge: the only place the check-in reads the clock.
    now = timezone.now()
    day = _Today(runner, now, now.astimezone(profile_of(runner).zone).date())
    if request.method == "POST":
        return _post(request, day)
    repeat = request.GET.get("repeat") == "last"
    last = day.last
    aches = AcheFormSet(prefix=PREFIX, initial=_initial(last if repeat else None))
    page = _page(request, day, aches, RedFlagForm(), repeat=repeat and last is not None)
    # While the runner taps, this process reads what the POST's refresh needs.
    data_cache.warm_soon(runner, day.today)
    return page


def _post(request: HttpRequest, day: _Today) -> HttpResponse:
    if "add_ache" in request.POST:
        more = AcheFormSet(_one_more(request.POST), prefix=PREFIX)
        return _page(request, day, more, RedFlagForm(request.POST), show_errors=False)
    aches = AcheFormSet(request.POST, prefix=PREFIX)
    flags = RedFlagForm(request.POST)
    if not (aches.is_valid() and flags.is_valid()):
        return _page(request, day, aches, flags, status=400)
    recorded = services.checkin_record(
        runner=day.runner,
        at=day.now,
        aches=_aches(aches, day.now),
        red_flags=flags.red_flags(),
    )
    user, as_of = signed_in(request), day.today
    # The dashboard's analysis for the new data, once the check-in is in.
    transaction.on_commit(lambda: _refresh(user, as_of))
    _confirm(request, recorded)
    return HttpResponseRedirect(reverse("runners:checkin"))


def _page(
    request: HttpRequest,
    day: _Today,
    aches: Any,
    flags: RedFlagForm,
    *,
    repeat: bool = False,
    show_errors: bool = True,
    status: int = 200,
) -> HttpResponse:
    last = day.last
    answered = _answered_today(day)
    raised = flags_today(runner=day.runner, today=day.today) if answered else ()
    context = {
        "answered": answered,
        "answered_flags": [
            {"words": RED_FLAG_WORDS.get(f.id, f.id), "reason": f.reason}
            for f in raised
        ],
        "aches": aches,
        "flags": flags,
        "last": last,
        "last_is_yesterday": last is not None and (day.today - last.day).days == 1,
        "repeating": repeat,
        "show_errors": show_errors and aches.is_bound,
    }
    return render(request, "runners/checkin.html", context, status=status)


def _initial(last: LastAches | None) -> list[dict[str, Any]]:
    """The form's start from the last day's aches, every answer editable."""
    if last is None:
        return []
    return [
        {
            "region": a.region,
            "side": a.side,
            "intensity": a.intensity,
            "timing": a.timing,
            "quality": list(a.quality),
        }
        for a in last.aches
    ]


def _one_more(data: QueryDict) -> QueryDict:
    """The posted form with room for one more ache (up to the formset's limit)."""
    more = data.copy()
    key = f"{PREFIX}-TOTAL_FORMS"
    total = int(more.get(key, "1") or 1)
    more[key] = str(min(total + 1, AcheFormSet.max_num))
    return more


def _aches(formset: Any, now: datetime) -> list[core.Ache]:
    out = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue  # a blank extra form, or one the runner removed
        region = word_in(REGIONS, data["region"])
        side = word_in(SIDES, data["side"])
        assert region is not None and side is not None  # the choices made sure
        out.append(
            core.Ache(
                at=now,
                region=region,
                side=side,
                intensity=data["intensity"],
                timing=word_in(ACHE_TIMINGS, data["timing"]),
                quality=tuple(data["quality"]),
                notes=data["notes"] or None,
            )
        )
    return out


def _refresh(user: User, as_of: date) -> None:
    """The analysis computed again now; if that fails, by a worker later.

    The check-in is saved by then: a failure here must not answer the runner
    with an error (they would send the same aches again)."""
    try:
        refresh(user=user, as_of=as_of)
    except Exception:  # the worker's run records what went wrong
        logger.exception("refreshing the analysis after a check-in failed")
        refresh_analysis.enqueue(user.pk, as_of.isoformat())


def _confirm(request: HttpRequest, recorded: Recorded) -> None:
    aches = f"{recorded.aches} ache{'s' if recorded.aches != 1 else ''}"
    messages.success(request, f"Check-in saved: {aches}, all six questions answered.")


def _answered_today(day: _Today) -> m.Checkin | None:
    """Today's answers, shown above the form (with what to do after a yes)."""
    rows = m.Checkin.objects.filter(runner=day.runner, date=day.today)
    return rows.order_by("-id").first()
