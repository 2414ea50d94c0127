"""The written sections of the report: header, red flags, causes, plan, patterns, sources.

Each function takes the analysis (and the clinic where it speaks of it) and returns
one escaped HTML section.  Wording is the clinic's: contributing factors and
protocol, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stridelight.core.evidence import SOURCES
from stridelight.core.results import (
    Analysis,
    CauseFinding,
    Evidence,
    PlanAction,
)
from stridelight.core.vocabulary import CAUSE_IDS, REGIONS
from stridelight.report.labels import (
    ACTION_WORDS,
    CADENCE_WORDS,
    CAUSE_BLURBS,
    LEVEL_ORDER,
    RED_FLAG_WORDS,
    cause_name,
    day,
    number,
    region_name,
    tidy,
)
from stridelight.report.markup import (
    badge,
    bullets,
    cite,
    esc,
    para,
    score_bar,
    section,
)

DISCLAIMER = (
    "This report shows contributing factors and the clinic's protocol. "
    "It is not a diagnosis and does not replace a physician."
)
EVIDENCE_DOC = "docs/evidence.md"


@dataclass(frozen=True)
class ClinicInfo:
    """Who the runner brings the report to; shown in the header and the red-flag note.

    The caller passes it: the application reads it from settings
    (``stridelight.settings.clinic_info``).
    """

    name: str
    phone: str
    address: str | None = None


def header(analysis: Analysis, runner_name: str | None, clinic: ClinicInfo) -> str:
    who = (
        f"<p class='runner'>Prepared for <strong>{esc(runner_name)}</strong></p>"
        if runner_name
        else ""
    )
    where = esc(clinic.name) + (f", {esc(clinic.address)}" if clinic.address else "")
    return (
        '<header class="report-header">'
        "<h1>Why do my feet ache after running?</h1>"
        f"{who}"
        f"<p class='as-of'>Data up to <strong>{esc(day(analysis.as_of))}</strong>"
        f" ({analysis.as_of.isoformat()})</p>"
        f"<p class='clinic'>For the Discovery Visit at <strong>{where}</strong>"
        f" &middot; <span class='phone'>{esc(clinic.phone)}</span></p>"
        f"<p class='disclaimer'>{esc(DISCLAIMER)}</p>"
        "</header>"
    )


def red_flags(analysis: Analysis, clinic: ClinicInfo) -> str:
    if not analysis.red_flags:
        body = para("No red flags reported: none of the warning signs that call for a "
                    "physician before manual therapy.", "quiet")  # fmt: skip
        return section("red-flags", "Red flags", body)
    signs = [esc(RED_FLAG_WORDS.get(flag, tidy(flag))) for flag in analysis.red_flags]
    reported = para(
        "You reported warning signs that need a medical check before any "
        "myofascial release:"
    )
    body = (
        '<div class="physician" role="alert">'
        "<p class='physician-first'>See a physician first.</p>"
        f"{reported}{bullets(signs, 'flags')}"
        f"<p>Online booking of MFR is paused until a physician has seen you. A Discovery "
        f"Visit conversation is still possible by phone: call {esc(clinic.name)} at "
        f"<strong>{esc(clinic.phone)}</strong>. {cite('red_flags')}</p>"
        "</div>"
    )
    return section("red-flags", "Red flags", body)


def ordered_causes(causes: Iterable[CauseFinding]) -> list[CauseFinding]:
    """Most pressing first: flag, watch, clear; then by score; then the usual order."""

    def key(cause: CauseFinding) -> tuple[int, float, int]:
        usual = CAUSE_IDS.index(cause.id) if cause.id in CAUSE_IDS else len(CAUSE_IDS)
        return (LEVEL_ORDER.get(cause.level, 3), -cause.score, usual)

    return sorted(causes, key=key)


def _evidence(item: Evidence) -> str:
    return (
        f'<li class="evidence" data-signal="{esc(item.signal)}">'
        f"{badge(item.level)} <span class='ev-text'>{esc(item.text)}</span>"
        f"<span class='ev-rule'>Your number <strong class='ev-value'>"
        f"{esc(number(item.value))}</strong> vs the rule "
        f"<span class='ev-threshold'>{esc(item.threshold)}</span> {cite(item.citation)}"
        "</span></li>"
    )


def _cause_card(cause: CauseFinding) -> str:
    name = cause_name(cause.id)
    items = "".join(_evidence(e) for e in cause.evidence)
    evidence = (
        f"<ul class='evidence-list'>{items}</ul>"
        if items
        else para("No signal could be assessed yet.", "quiet")
    )
    return (
        f'<article class="cause cause-{esc(cause.level)}" id="cause-{esc(cause.id)}"'
        f' data-cause="{esc(cause.id)}">'
        f"<h3>{esc(name)} {badge(cause.level)}"
        f" <code class='cause-id'>{esc(cause.id)}</code></h3>"
        f"{para(CAUSE_BLURBS.get(cause.id, ''), 'blurb')}"
        f"{score_bar(cause.score, cause.level, f'{name} score {cause.score:.2f} of 1')}"
        f"{evidence}</article>"
    )


def _glance(causes: list[CauseFinding]) -> str:
    cells = "".join(
        f"<td><span class='glance-name'>{esc(cause_name(c.id))}</span>"
        f"<br>{badge(c.level)}</td>"
        for c in causes
    )
    return f"<table class='glance'><tr>{cells}</tr></table>"


def causes(analysis: Analysis) -> str:
    ordered = ordered_causes(analysis.causes)
    if not ordered:
        return section("causes", "Contributing factors", para("No findings yet."))
    intro = para(
        "Four common contributing factors, each checked against your own data. "
        "Each line shows your number beside the rule it was compared with."
    )
    cards = "".join(_cause_card(c) for c in ordered)
    return section("causes", "Contributing factors", intro + _glance(ordered) + cards)


def _target(target: str, shoe_names: Mapping[str, str]) -> str:
    """A plan target in words: a body region, a shoe's name, or the id as given."""
    if target.partition(":")[0] in REGIONS:
        return region_name(target)
    return shoe_names.get(target, target)


def _action(action: PlanAction, shoe_names: Mapping[str, str]) -> str:
    kind = ACTION_WORDS.get(action.kind, tidy(action.kind))
    targets = [_target(t, shoe_names) for t in action.targets]
    return (
        f'<li class="action action-{esc(action.kind)}">'
        f"<span class='action-kind'>{esc(kind)}</span>"
        f"<p class='action-text'>{esc(action.text)}</p>"
        f"<p class='why'>Why: {esc(action.why)} {cite(action.citation)}</p>"
        + (para("Aimed at: " + ", ".join(targets), "targets") if targets else "")
        + "</li>"
    )


def plan(analysis: Analysis) -> str:
    cadence = analysis.plan.mfr_cadence
    words = CADENCE_WORDS.get(cadence, tidy(cadence))
    box = (
        f'<p class="cadence" data-cadence="{esc(cadence)}">MFR cadence: '
        f"<strong>{esc(words)}</strong> <code>{esc(cadence)}</code></p>"
    )
    shoe_names = {shoe.id: shoe.name for shoe in analysis.shoes}
    actions = "".join(_action(a, shoe_names) for a in analysis.plan.actions)
    listed = (
        f"<ol class='actions'>{actions}</ol>" if actions else para("No actions yet.")
    )
    return section("plan", "Your plan", box + listed)


def patterns(analysis: Analysis) -> str:
    claimed = [p for p in analysis.patterns if p.claimed]
    waiting = [p for p in analysis.patterns if not p.claimed]
    items = []
    for p in claimed:
        effect = ""
        if p.effect is not None:
            effect = f" (risk ratio {number(p.effect)}"
            if p.low is not None and p.high is not None:
                effect += f", 95 % interval {number(p.low)} to {number(p.high)}"
            effect += f"; {p.n_exposed} days with, {p.n_unexposed} without)"
        items.append(f"{esc(p.text)}{esc(effect)}")
    body = bullets(items, "patterns") if items else para(
        "No pattern between your habits and next-day aches is clear enough to claim yet."
    )  # fmt: skip
    if waiting:
        what = ", ".join(sorted({tidy(p.exposure).lower() for p in waiting}))
        body += para(
            f"{len(waiting)} more possible pattern{'s' if len(waiting) != 1 else ''} "
            f"still collecting data ({what}): nothing is claimed from too few days.",
            "quiet",
        )
    return section("patterns", "Patterns in your diary", body)


def notes(analysis: Analysis) -> str:
    if not analysis.notes:
        return ""
    return section("notes", "About the data", bullets([esc(n) for n in analysis.notes]))


def citations(analysis: Analysis) -> list[str]:
    """Every source id the report cites, in order of first appearance."""
    ids: list[str] = ["red_flags"] if analysis.red_flags else []
    for cause in ordered_causes(analysis.causes):
        ids += [e.citation for e in cause.evidence]
    if analysis.chain:
        ids.append("wilke2016")
    ids += [a.citation for a in analysis.plan.actions]
    return list(dict.fromkeys(i for i in ids if i))


def sources(ids: list[str]) -> str:
    if not ids:
        return ""
    items = []
    for source_id in ids:
        known = SOURCES.get(source_id)
        ref = (
            f"{known.reference} ({known.grade})" if known else "see the evidence notes"
        )
        items.append(
            f'<li id="src-{esc(source_id)}"><code>{esc(source_id)}</code> {esc(ref)}</li>'
        )
    intro = para(
        f"Every rule above cites one of these. Each is explained, with what it does and "
        f"does not show, under its id in {EVIDENCE_DOC} of the Stridelight documentation."
    )
    return section(
        "sources", "Sources", intro + f"<ul class='sources'>{''.join(items)}</ul>"
    )


def closing() -> str:
    return f"<footer class='report-footer'>{para(DISCLAIMER, 'disclaimer')}</footer>"
