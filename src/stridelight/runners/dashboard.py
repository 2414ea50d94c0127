"""The dashboard's content: one analysis turned into what the template shows.

The words, order and windows are the report's (``stridelight.report``): the
same causes in the same order, the same 16 weeks of load and 182 days of form,
the same shoe states, the same ranked chain, so the page and the printed report
never disagree.  Everything here is plain data (strings, numbers, lists) for
the template and for ``json_script``; nothing reads the database or the clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from stridelight.core.evidence import SOURCES
from stridelight.core.results import (
    Analysis,
    CauseFinding,
    ChainLink,
    DailySeries,
    Evidence,
    PlanAction,
    ShoeStatus,
)
from stridelight.core.vocabulary import REGIONS
from stridelight.report.chain import ranked
from stridelight.report.charts import (
    DAYS_SHOWN,
    FORM_MIN_HISTORY_DAYS,
    WARN_SHARE,
    WEEKS_SHOWN,
    has_load,
    shoe_state,
)
from stridelight.report.labels import (
    ACTION_WORDS,
    CADENCE_WORDS,
    CAUSE_BLURBS,
    LEVEL_SYMBOLS,
    LEVEL_WORDS,
    RED_FLAG_WORDS,
    cause_name,
    line_name,
    number,
    region_name,
    region_words,
    tidy,
)
from stridelight.report.labels import (
    day as day_words,
)
from stridelight.report.sections import line_source, ordered_causes
from stridelight.report.weeks import charted_weeks

Row = dict[str, Any]


@dataclass(frozen=True)
class RedFlagState:
    """Red flags first: not asked, answered with none, or in force."""

    state: str  # "not_asked", "none_reported" or "flagged"
    answered_on: str | None  # ISO, for <time datetime>
    last_answered: str | None
    answered_on_words: str | None  # "24 Jun 2024"
    last_answered_words: str | None
    flags: tuple[tuple[str, str], ...]  # (words, where it came from)
    questions: tuple[tuple[str, str, str], ...]  # (question, words, where)


def red_flags(analysis: Analysis) -> RedFlagState:
    screening = analysis.red_flag_screening
    if analysis.red_flags:
        state = "flagged"
    elif screening.answered_on is None:
        state = "not_asked"
    else:
        state = "none_reported"
    reasons = analysis.red_flag_reasons
    return RedFlagState(
        state=state,
        answered_on=_iso(screening.answered_on),
        last_answered=_iso(screening.last_answered),
        answered_on_words=_words(screening.answered_on),
        last_answered_words=_words(screening.last_answered),
        flags=tuple(
            (RED_FLAG_WORDS.get(f, tidy(f)), reasons.get(f, ""))
            for f in analysis.red_flags
        ),
        questions=tuple((q.question, q.words, q.where) for q in analysis.ask),
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _words(day: date | None) -> str | None:
    return None if day is None else day_words(day)


def level(level_id: str) -> Row:
    """A level as words, a shape and a class: never colour alone."""
    return {
        "id": level_id,
        "words": LEVEL_WORDS.get(level_id, tidy(level_id)),
        "symbol": LEVEL_SYMBOLS.get(level_id, "?"),
    }


def _evidence(item: Evidence) -> Row:
    return {
        "signal": item.signal,
        "text": item.text,
        "value": None if item.level == "not_assessed" else number(item.value),
        "threshold": item.threshold,
        "citation": item.citation,
        "level": level(item.level),
    }


def cause(finding: CauseFinding) -> Row:
    return {
        "id": finding.id,
        "name": cause_name(finding.id),
        "blurb": CAUSE_BLURBS.get(finding.id, ""),
        "level": level(finding.level),
        "score": None if finding.score is None else round(finding.score, 2),
        "score_percent": None if finding.score is None else round(finding.score * 100),
        "needs": finding.needs,
        "evidence": [_evidence(e) for e in finding.evidence],
    }


def causes(analysis: Analysis) -> list[Row]:
    return [cause(c) for c in ordered_causes(analysis.causes)]


def _target(target: str, shoe_names: dict[str, str]) -> str:
    if target.partition(":")[0] in REGIONS:
        return region_name(target)
    return shoe_names.get(target, target)


def action(item: PlanAction, shoe_names: dict[str, str]) -> Row:
    return {
        "kind": item.kind,
        "kind_words": ACTION_WORDS.get(item.kind, tidy(item.kind)),
        "text": item.text,
        "why": item.why,
        "citation": item.citation,
        "targets": [_target(t, shoe_names) for t in item.targets],
    }


def plan(analysis: Analysis) -> Row:
    cadence = analysis.plan.mfr_cadence
    shoe_names = {s.id: s.name for s in analysis.shoes}
    return {
        "cadence": cadence,
        "cadence_words": CADENCE_WORDS.get(cadence, tidy(cadence)),
        "actions": [action(a, shoe_names) for a in analysis.plan.actions],
    }


def weekly_chart(series: DailySeries | None) -> Row | None:
    """The report's weekly bars: whole Monday-to-Sunday weeks and this week so far."""
    if series is None or not has_load(series):
        return None
    weeks = charted_weeks(_recent(series, (WEEKS_SHOWN + 2) * 7), WEEKS_SHOWN)
    if not any(w.whole for w in weeks):
        return None
    return {
        "weeks": [w.start.isoformat() for w in weeks],
        "days": [w.days for w in weeks],
        "load": [round(w.load, 1) for w in weeks],
        "km": [round(w.distance_km, 1) for w in weeks],
        "ache": [w.worst_ache for w in weeks],
    }


def _recent(series: DailySeries, days: int) -> DailySeries:
    """The last ``days`` of the series: the weekly chart's 16 weeks need no more,
    and grouping ten years of days into weeks is most of this page's own work.
    A partial week at the cut is dropped by ``charted_weeks`` as at the start."""
    lo = max(0, len(series.days) - days)
    if lo == 0:
        return series
    return DailySeries(*(getattr(series, f.name)[lo:] for f in fields(DailySeries)))


def _rounded(values: Iterable[float | None], digits: int = 1) -> list[float | None]:
    return [
        None if v is None or not math.isfinite(v) else round(v, digits) for v in values
    ]


def form_chart(series: DailySeries | None) -> Row | None:
    """Fitness, fatigue, form and monotony over the report's last 182 days."""
    if series is None or not has_load(series):
        return None
    if len(series.days) < FORM_MIN_HISTORY_DAYS:
        return None
    lo = max(0, len(series.days) - DAYS_SHOWN)
    return {
        "days": [d.isoformat() for d in series.days[lo:]],
        "fitness": _rounded(series.fitness[lo:]),
        "fatigue": _rounded(series.fatigue[lo:]),
        "form": _rounded(series.form[lo:]),
        "monotony": _rounded(series.monotony[lo:], 2),
    }


def weekly_rows(chart: Row | None) -> list[Row]:
    """The weekly chart as table rows, newest first (its text alternative)."""
    if chart is None:
        return []
    rows = zip(
        chart["weeks"], chart["days"], chart["load"], chart["km"], chart["ache"],
        strict=True,
    )  # fmt: skip
    return [
        {"week": w, "days": d, "load": load, "km": km, "ache": ache}
        for w, d, load, km, ache in reversed(list(rows))
    ]


def form_rows(chart: Row | None, every: int = 7) -> list[Row]:
    """The form chart as a table, one row a week (newest first), for reading."""
    if chart is None:
        return []
    last = len(chart["days"]) - 1
    picks = range(last, -1, -every)
    return [
        {
            key: chart[key][i]
            for key in ("days", "fitness", "fatigue", "form", "monotony")
        }
        for i in picks
    ]


def shoe(status: ShoeStatus) -> Row:
    words, _ = shoe_state(status)
    share = status.km / status.limit_km if status.limit_km > 0 else None
    return {
        "id": status.id,
        "name": status.name,
        "km_text": status.km_text,
        "km": round(status.km),
        "limit_km": round(status.limit_km),
        "used_percent": None if share is None else round(share * 100),
        "warn_km": round(status.limit_km * WARN_SHARE),
        "meter_value": round(min(status.km, status.limit_km * 1.5)),
        "meter_max": round(status.limit_km * 1.5) if status.limit_km > 0 else 1,
        "runs_28d": status.runs_28d,
        "share_28d": round(status.share_28d * 100),
        "ache_rate": None
        if status.ache_rate is None
        else round(status.ache_rate * 100),
        "state": words,
        "retired": status.retired,
    }


def chain(links: Sequence[ChainLink]) -> list[Row]:
    return [
        {
            "rank": i,
            "region": region_name(link.region),
            "side": link.side,
            "score": number(round(link.score, 2)),
            "line": line_name(link.line),
            "grade": link.evidence_grade,
            "path": [region_words(p.partition(":")[0]) for p in link.path],
            "reasons": list(link.reasons),
            "citation": line_source(link.line),
        }
        for i, link in enumerate(ranked(links), start=1)
    ]


def citations(analysis: Analysis) -> list[Row]:
    """Every source the page cites, in order of first appearance."""
    ids: list[str] = ["red_flags"]
    for finding in ordered_causes(analysis.causes):
        ids += [e.citation for e in finding.evidence]
    ids += [line_source(link.line) for link in analysis.chain]
    ids += [a.citation for a in analysis.plan.actions]
    out = []
    for source_id in dict.fromkeys(i for i in ids if i):
        known = SOURCES.get(source_id)
        out.append(
            {
                "id": source_id,
                "reference": known.reference if known else "see the evidence notes",
                "grade": known.grade if known else "",
            }
        )
    return out


def context(analysis: Analysis) -> dict[str, Any]:
    """Everything the dashboard template shows, from one analysis."""
    weekly = weekly_chart(analysis.series)
    form = form_chart(analysis.series)
    return {
        "analysis": analysis,
        "has_data": analysis.recorded.last is not None,
        "red_flags": red_flags(analysis),
        "causes": causes(analysis),
        "plan": plan(analysis),
        "weekly_chart": weekly,
        "weekly_rows": weekly_rows(weekly),
        "form_chart": form,
        "form_rows": form_rows(form),
        "history_days": 0 if analysis.series is None else len(analysis.series.days),
        "form_min_days": FORM_MIN_HISTORY_DAYS,
        "shoes": [shoe(s) for s in analysis.shoes],
        "chain": chain(analysis.chain),
        # The body heat map's data: "region:side" -> mean intensity (0-10) over
        # the last ``ache_map_days``, drawn by the ``body_map`` tag's heat mode.
        "ache_heat": dict(analysis.ache_by_region),
        "ache_heat_caption": (
            "Mean intensity of the aches you logged per region over the last"
            f" {analysis.ache_map_days} days (0–10)"
        ),
        "patterns": [p for p in analysis.patterns if p.claimed],
        "waiting_patterns": sum(1 for p in analysis.patterns if not p.claimed),
        "sources": citations(analysis),
    }
