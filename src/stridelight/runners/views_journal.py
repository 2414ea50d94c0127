"""/me/shoes/, /me/habits/, /me/screenings/: the journal, one entry at a time.

Each page lists the runner's own rows and takes new ones through a form; every
write goes through ``journal_services`` (which raises the data version, so the
dashboard's analysis follows).  A row is fetched with ``runner=`` the signed-in
runner: another runner's shoe, habit or screening answers 404.  After a write
the page redirects (post/redirect/get) and says what changed in a status message.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from stridelight.accounts.models import User
from stridelight.runners import journal_services as journal
from stridelight.runners import models as m
from stridelight.runners.access import signed_in
from stridelight.runners.analysis_day import analysis_day, today_for
from stridelight.runners.forms_journal import (
    HABIT_NAMES,
    HabitForm,
    ScreeningForm,
    ShoeForm,
    ShoeLimitForm,
)
from stridelight.runners.screening_guide import GUIDES
from stridelight.runners.services import runner_for
from stridelight.runners.tasks import refresh_analysis
from stridelight.runners.views_dashboard import current_analysis

RECENT_DAYS = 28


def _today(runner: m.Runner) -> date:
    return today_for(runner, timezone.now())  # the edge: the clock, once


def _refresh_soon(user: User, runner: m.Runner) -> None:
    """After a write, the worker computes the new analysis in the background, so
    the dashboard the runner opens next finds it ready (the service has already
    raised the data version, so the old one is never read again).  For a runner
    whose newest data is weeks old the page asks for the analysis with the day it
    moved from, and computes it itself on the next visit."""
    as_of, _ = analysis_day(runner, _today(runner))
    transaction.on_commit(lambda: refresh_analysis.enqueue(user.pk, as_of.isoformat()))


# --- shoes -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def shoes(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    runner = runner_for(user)
    form = ShoeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shoe = journal.shoe_add(
            runner=runner, name=data["name"], category=data["category"] or None,
            started_on=data["started_on"], start_km=data["start_km"] or 0.0,
            limit_km=data["limit_km"],
        )  # fmt: skip
        _refresh_soon(user, runner)
        messages.success(request, f"Added {shoe.name}.")
        return redirect("runners:shoes")
    status = {s.id: s for s in current_analysis(user).shoes}
    default = journal.default_shoe(runner)
    rows = [
        {
            "shoe": shoe,
            "status": status.get(shoe.key),
            "is_default": default is not None and default.pk == shoe.pk,
            "limit_form": ShoeLimitForm(
                initial={"limit_km": shoe.limit_km}, prefix=f"shoe{shoe.pk}"
            ),
        }
        for shoe in m.Shoe.objects.filter(runner=runner).order_by(
            F("retired_on").asc(nulls_first=True), "name", "id"
        )
    ]
    context = {"rows": rows, "form": form, "default": default}
    return render(request, "runners/shoes.html", context, status=_status(form))


@login_required
@require_POST
def shoe_change(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    user = signed_in(request)
    runner = runner_for(user)
    shoe = get_object_or_404(m.Shoe, pk=pk, runner=runner)
    action = request.POST.get("action")
    if action == "default":
        journal.shoe_default_set(runner=runner, shoe=shoe)
        messages.success(request, f"{shoe.name} is now your default pair.")
    elif action == "retire":
        journal.shoe_retire(runner=runner, shoe=shoe, on=_today(runner))
        messages.success(request, f"{shoe.name} is retired.")
    elif action == "unretire":
        journal.shoe_unretire(runner=runner, shoe=shoe)
        messages.success(request, f"{shoe.name} is back in use.")
    elif action == "limit":
        form = ShoeLimitForm(request.POST, prefix=f"shoe{shoe.pk}")
        if form.is_valid():
            limit = form.cleaned_data["limit_km"]
            journal.shoe_limit_set(runner=runner, shoe=shoe, limit_km=limit)
            messages.success(request, f"Limit of {shoe.name} saved.")
        else:
            messages.error(request, f"Limit of {shoe.name} not saved: use 100–3000 km.")
    if action in ("retire", "unretire", "limit"):
        _refresh_soon(user, runner)
    return redirect("runners:shoes")


def _status(form: Any) -> int:
    """A refused form answers 400 (the page is shown again with its errors)."""
    return 400 if form.is_bound and form.errors else 200


# --- habits ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def habits(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    runner = runner_for(user)
    today = _today(runner)
    form = HabitForm(request.POST or None, initial={"day": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        journal.habit_add(
            runner=runner, day=data["day"], kind=data["kind"], minutes=data["minutes"],
            liters=data["liters"], hours=data["hours"], regions=data["regions"],
        )  # fmt: skip
        messages.success(
            request, f"{HABIT_NAMES[data['kind']]} of {data['day']} logged."
        )
        return redirect("runners:habits")
    since = today - timedelta(days=RECENT_DAYS - 1)
    recent = list(
        m.Habit.objects.filter(
            runner=runner, date__gte=since, date__lte=today
        ).order_by("-date", "-id")
    )
    context = {
        "form": form,
        "recent": recent,
        "summary": _habit_summary(recent),
        "days": RECENT_DAYS,
        "names": HABIT_NAMES,
    }
    return render(request, "runners/habits.html", context, status=_status(form))


def _habit_summary(recent: list[m.Habit]) -> list[dict[str, Any]]:
    """Per kind over the recent days: days logged, and the mean amount.

    A kind with no entry says "not logged", never zero: nothing logged is not
    a skipped habit (docs/bundle.md: a skip is written as 0 minutes).
    """
    by_kind: dict[str, list[m.Habit]] = defaultdict(list)
    for habit in recent:
        by_kind[habit.kind].append(habit)
    out = []
    for kind, name in HABIT_NAMES.items():
        entries = by_kind.get(kind, [])
        amounts = [a for a in (_amount(h) for h in entries) if a is not None]
        out.append(
            {
                "name": name,
                "days": len({h.date for h in entries}),
                "mean": round(sum(amounts) / len(amounts), 1) if amounts else None,
                "unit": {"hydration": "l", "sleep": "h"}.get(kind, "min"),
            }
        )
    return out


def _amount(habit: m.Habit) -> float | None:
    return {"hydration": habit.liters, "sleep": habit.hours}.get(
        habit.kind, habit.minutes
    )


@login_required
@require_POST
def habit_delete(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    user = signed_in(request)
    runner = runner_for(user)
    habit = get_object_or_404(m.Habit, pk=pk, runner=runner)
    journal.habit_delete(runner=runner, habit=habit)
    _refresh_soon(user, runner)
    messages.success(request, "Entry removed.")
    return redirect("runners:habits")


# --- screenings ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def screenings(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    runner = runner_for(user)
    form = ScreeningForm(request.POST or None, initial={"day": _today(runner)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        journal.screening_add(
            runner=runner, day=data["day"], test=data["test"], side=data["side"],
            value=data["value"],
        )  # fmt: skip
        _refresh_soon(user, runner)
        messages.success(request, "Screening result saved.")
        return redirect("runners:screenings")
    rows = m.Screening.objects.filter(runner=runner).order_by("date", "id")
    by_test: dict[str, list[m.Screening]] = defaultdict(list)
    for row in rows:
        by_test[row.test].append(row)
    tests = [
        {
            "chart": trend_chart(by_test.get(g.test, []), g.norm_value),
            "guide": g,
            "rows": by_test.get(g.test, [])[::-1],
            "trend": trend(by_test.get(g.test, [])),
        }
        for g in GUIDES
    ]
    context = {"form": form, "tests": tests}
    return render(request, "runners/screenings.html", context, status=_status(form))


def trend_chart(rows: list[m.Screening], norm: float) -> dict[str, Any] | None:
    """A test's results per side on one date axis (null where a side was not
    measured that day), for the trend chart; None below two results."""
    if len(rows) < 2:
        return None
    days = sorted({r.date for r in rows})
    sides = sorted({r.side for r in rows})
    value = {(r.date, r.side): r.value for r in rows}  # the last of a day wins
    return {
        "days": [d.isoformat() for d in days],
        "sides": {s: [value.get((d, s)) for d in days] for s in sides},
        "norm": norm,
    }


def trend(rows: list[m.Screening]) -> list[str]:
    """Per side, the newest result against the first, in words (oldest first in)."""
    sides: dict[str, list[m.Screening]] = defaultdict(list)
    for row in rows:
        sides[row.side].append(row)
    out = []
    for side, entries in sides.items():
        first, last = entries[0], entries[-1]
        if len(entries) == 1:
            out.append(f"{side}: {last.value:g} on {last.date}, the first result")
            continue
        change = last.value - first.value
        moved = (
            "no change"
            if change == 0
            else f"{'up' if change > 0 else 'down'} {abs(change):g}"
        )
        out.append(
            f"{side}: {last.value:g} on {last.date}, {moved} since {first.date} "
            f"({len(entries)} results)"
        )
    return out


@login_required
@require_POST
def screening_delete(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    user = signed_in(request)
    runner = runner_for(user)
    row = get_object_or_404(m.Screening, pk=pk, runner=runner)
    journal.screening_delete(runner=runner, screening=row)
    _refresh_soon(user, runner)
    messages.success(request, "Result removed.")
    return redirect("runners:screenings")
