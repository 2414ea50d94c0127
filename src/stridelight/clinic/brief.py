"""The pre-visit brief: one page of what the runner's data says, for the therapist.

Everything comes from the runner's cached analysis (``runners.analysis``) and a
few small queries on their rows; nothing here writes.  ``brief_for`` is the one
entry point; the view renders what it returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from stridelight.accounts.models import User
from stridelight.clinic import intake, outcomes
from stridelight.clinic.models import Appointment, Status
from stridelight.clinic.models_notes import SessionNote
from stridelight.clinic.outcome_chart import outcome_svg
from stridelight.clinic.selectors import clinic_settings
from stridelight.clinic.services_outcomes import Point, outcome_series_each
from stridelight.core.redflag_words import QUESTIONS as RED_FLAG_WORDS
from stridelight.core.results import Analysis
from stridelight.core.thresholds import DEFAULTS
from stridelight.runners import models as rows
from stridelight.runners.analysis import analysis, cache_key
from stridelight.runners.tasks import refresh_analysis

#: How many weeks the load and ache timeline shows, newest last.
TIMELINE_WEEKS = 12
#: How many of the latest aches are listed one by one.
LATEST_ACHES = 10


@dataclass(frozen=True)
class Week:
    starts: date
    km: float
    load: float
    worst_ache: int | None  # None: no ache logged that week (not "no ache")


@dataclass(frozen=True)
class SinceLastVisit:
    """What changed between the previous visit and this one (None: first visit)."""

    visit: Appointment
    runs: int
    km: float
    aches: int
    worst_ache: int | None
    findings: tuple[str, ...]  # the previous signed note's findings, in words


@dataclass(frozen=True)
class Brief:
    appointment: Appointment
    runner: User
    result: Analysis
    weeks: tuple[Week, ...]
    latest_aches: tuple[rows.Ache, ...]
    since: SinceLastVisit | None
    intake: tuple[tuple[str, str], ...]  # question, answer in words
    red_flag_answers: tuple[tuple[str, str], ...]  # question, yes/no at booking
    nrs: tuple[Point, ...] = ()  # the ache before/after sessions, oldest first
    psfs: tuple[Point, ...] = ()
    nrs_chart: str = ""  # inline SVG (clinic.outcome_chart), escaped values
    psfs_chart: str = ""


def brief_day(
    appointment: Appointment,
    runner: User,
    *,
    now: datetime,
    zone: ZoneInfo | None = None,
) -> tuple[date, date | None]:
    """The day the brief's analysis is as of (today, or the visit's day when it
    is past), and the day asked for when the data ended long before it.
    ``zone``: the clinic's, when the caller has read it already."""
    zone = zone or clinic_settings().zone
    today = min(now, appointment.start).astimezone(zone).date()
    return _analysis_day(runner, today)


def brief_warm(appointments: Iterable[Appointment], *, now: datetime) -> int:
    """Have a worker compute the analyses these briefs will read, where the cache
    does not hold them yet, so the brief opens without computing it (a ten-year
    runner's analysis is most of a cold brief's time: docs/benchmarks.md).
    Call with appointments whose runners share their data; how many were queued."""
    queued = 0
    for appointment in appointments:
        runner = appointment.runner
        if runner is None:
            continue
        as_of, moved_from = brief_day(appointment, runner, now=now)
        row = rows.Runner.objects.filter(user=runner).only("id", "data_version").first()
        if row is None or moved_from is not None:
            continue  # no data; or stale data, which the task does not cover
        if cache.get(cache_key(row, as_of, DEFAULTS, None)) is None:
            refresh_analysis.enqueue(runner.pk, as_of.isoformat())
            queued += 1
    return queued


def brief_for(
    appointment: Appointment,
    runner: User,
    *,
    now: datetime,
    zone: ZoneInfo | None = None,
) -> Brief:
    as_of, moved_from = brief_day(appointment, runner, now=now, zone=zone)
    result = analysis(user=runner, as_of=as_of, moved_from=moved_from)
    return Brief(
        appointment=appointment,
        runner=runner,
        result=result,
        weeks=_weeks(result),
        latest_aches=tuple(
            rows.Ache.objects.filter(runner__user=runner).order_by("-at")[:LATEST_ACHES]
        ),
        since=_since_last_visit(appointment, runner),
        intake=intake_in_words(appointment),
        red_flag_answers=red_flags_in_words(appointment),
        **_outcomes(runner),
    )


def _outcomes(runner: User) -> dict[str, Any]:
    series = outcome_series_each(runner, (outcomes.NRS, outcomes.PSFS))
    nrs, psfs = series[outcomes.NRS], series[outcomes.PSFS]
    return {
        "nrs": nrs,
        "psfs": psfs,
        "nrs_chart": outcome_svg(outcomes.NRS, nrs, "Ache (NRS 0–10) over time"),
        "psfs_chart": outcome_svg(outcomes.PSFS, psfs, "PSFS (0–10) over time"),
    }


def _analysis_day(runner: User, today: date) -> tuple[date, date | None]:
    """Today, or the newest run's day when the data ended long before (core.as_of's
    rule, read from one aggregate rather than every row)."""
    newest = rows.Activity.objects.filter(runner__user=runner).aggregate(
        newest=Max("start")
    )["newest"]
    if newest is None:
        return today, None
    last = newest.date()
    if (today - last).days > DEFAULTS.stale_data_days:
        return last, today
    return today, None


def _weeks(result: Analysis) -> tuple[Week, ...]:
    series = result.series
    if series is None or not series.days:
        return ()
    first = result.as_of - timedelta(days=7 * TIMELINE_WEEKS - 1)
    weeks: dict[date, list[tuple[float, float, int | None]]] = {}
    for i, day in enumerate(series.days):
        if day < first:
            continue
        monday = day - timedelta(days=day.weekday())
        weeks.setdefault(monday, []).append(
            (series.distance_km[i], series.load[i], series.ache_max[i])
        )
    return tuple(
        Week(
            starts=monday,
            km=sum(d[0] for d in days),
            load=sum(d[1] for d in days),
            worst_ache=max((d[2] for d in days if d[2] is not None), default=None),
        )
        for monday, days in sorted(weeks.items())
    )


def _since_last_visit(appointment: Appointment, runner: User) -> SinceLastVisit | None:
    previous = (
        Appointment.objects.filter(
            runner=runner,
            start__lt=appointment.start,
            status__in=(Status.COMPLETED, Status.BOOKED),
        )
        .select_related("service", "therapist")
        .order_by("-start")
        .first()
    )
    if previous is None:
        return None
    runs = rows.Activity.objects.filter(
        runner__user=runner,
        start__gte=previous.start,
        start__lt=appointment.start,
        duplicate_of__isnull=True,
    ).aggregate(n=Count("id"), m=Sum("distance_m"))
    aches = rows.Ache.objects.filter(
        runner__user=runner, at__gte=previous.start, at__lt=appointment.start
    ).aggregate(n=Count("id"), worst=Max("intensity"))
    return SinceLastVisit(
        visit=previous,
        runs=runs["n"],
        km=(runs["m"] or 0.0) / 1000.0,
        aches=aches["n"],
        worst_ache=aches["worst"],
        findings=_findings_in_words(previous),
    )


def _findings_in_words(visit: Appointment) -> tuple[str, ...]:
    note = SessionNote.objects.filter(
        appointment=visit, signed_at__isnull=False
    ).first()
    if note is None:
        return ()
    return tuple(
        f"{f.region.replace('_', ' ')} ({f.side}): {f.get_restriction_display()}"
        for f in note.findings.all()
    )


def intake_in_words(appointment: Appointment) -> tuple[tuple[str, str], ...]:
    found = getattr(appointment, "intake", None)
    if found is None:
        return ()
    answered = []
    for question in intake.QUESTIONS:
        chosen = found.answers.get(question.id)
        if not chosen:
            continue
        labels = [o.label for o in question.options if o.id in chosen]
        answered.append((question.label, ", ".join(labels)))
    return tuple(answered)


def red_flags_in_words(appointment: Appointment) -> tuple[tuple[str, str], ...]:
    found = getattr(appointment, "intake", None)
    if found is None:
        return ()
    return tuple(
        (RED_FLAG_WORDS[flag], str(found.red_flag_answers[flag]))
        for flag in RED_FLAG_WORDS
        if flag in found.red_flag_answers
    )
