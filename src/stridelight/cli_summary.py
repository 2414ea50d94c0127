"""The analysis summary ``analyze`` and ``demo`` print: red flags, causes, chain, plan.

Rich text for a terminal; ``analyze --json`` prints the document instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from stridelight.core.as_of import stale_notice
from stridelight.core.journal import RunnerData
from stridelight.core.results import Analysis, CauseFinding, DataSpan, Evidence

# Not assessed is never green: nothing was judged, so nothing is reassuring.
LEVEL_STYLE = {
    "clear": "green", "watch": "yellow", "flag": "bold red", "not_assessed": "magenta",
}  # fmt: skip


def print_summary(console: Console, data: RunnerData, analysis: Analysis) -> None:
    console.print(
        f"\n[bold]Analysis as of {analysis.as_of}[/] ({_who(data, analysis)})"
    )
    console.print(data_line(analysis.data))
    if analysis.moved_from is not None:
        notice = stale_notice(analysis.as_of, analysis.moved_from)
        console.print(f"[yellow]{escape(notice)}[/]")
    _red_flags(console, analysis)
    _questions(console, analysis)
    console.print(_causes_table(analysis.causes))
    _chain(console, analysis)
    _plan(console, analysis)


def _who(data: RunnerData, analysis: Analysis) -> str:
    """Who, and what the analysis stands on: only data up to "as of" counts."""
    p = data.profile
    as_of = analysis.as_of
    age = f"{as_of.year - p.birth_year}" if p.birth_year else "age unknown"
    mass = f", {p.body_mass_kg:g} kg" if p.body_mass_kg else ""
    rec = analysis.recorded
    count = f"{rec.runs} run{'' if rec.runs == 1 else 's'}"
    last = f", data up to {rec.last}" if rec.last and rec.last != as_of else ""
    if rec.last is None:
        last = ", no data up to this day"
    return f"{p.sex or 'runner'}, {age}{mass}; {count}, {rec.km:.0f} km{last}"


def data_line(span: DataSpan) -> str:
    """One line: the days with data, and how many activities (each recorded once)."""
    if span.first is None or span.last is None:
        return "Data: none up to this day."
    n = span.activities
    line = f"Data: {span.first} to {span.last}, {n} {'activity' if n == 1 else 'activities'}"
    if span.duplicates:
        copies = "copy" if span.duplicates == 1 else "copies"
        line += f" ({span.duplicates} {copies} of the same recording counted once)"
    return line + "."


def _red_flags(console: Console, analysis: Analysis) -> None:
    screening = analysis.red_flag_screening
    if analysis.red_flags:
        reasons = analysis.red_flag_reasons
        flags = "; ".join(
            f"{f} ({reasons[f]})" if f in reasons else f for f in analysis.red_flags
        )
        console.print(
            f"[bold red]Red flags: {escape(flags)}: see a physician first.[/]"
        )
    elif screening.answered_on is None:
        last = screening.last_answered
        when = f"last answered on {last}" if last else "never answered"
        console.print(
            "Red flags: [bold magenta]not asked[/]: the six questions have not been "
            f"answered in a recent check-in ({when}); answer them first."
        )
    else:
        console.print(f"Red flags: none on the check-in of {screening.answered_on}.")


def _questions(console: Console, analysis: Analysis) -> None:
    """Red flags the diary only suggests: asked, never shown as present or as none."""
    for q in analysis.ask:
        console.print(
            f"[bold yellow]Ask first:[/] {q.question} "
            f'(you wrote "{escape(q.words)}", {q.where})'
        )


def _causes_table(causes: Iterable[CauseFinding]) -> Table:
    table = Table(title="Contributing causes", title_justify="left")
    table.add_column("cause", no_wrap=True)
    table.add_column("level", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("top evidence")
    for cause in causes:
        style = LEVEL_STYLE.get(cause.level, "")
        top = _top_evidence(cause.evidence)
        score = "-" if cause.score is None else f"{cause.score:.2f}"
        said = cause.needs if cause.score is None else (top.text if top else None)
        table.add_row(
            cause.id, f"[{style}]{cause.level}[/]", score, escape(said or "-")
        )
    return table


def _top_evidence(evidence: Iterable[Evidence]) -> Evidence | None:
    rank = {"flag": 0, "watch": 1, "clear": 2, "not_assessed": 3}
    ordered = sorted(evidence, key=lambda e: rank.get(e.level, 3))
    return ordered[0] if ordered else None


def _chain(console: Console, analysis: Analysis) -> None:
    console.print(
        "\n[bold]Up the chain from the ache[/] (most likely contributors first)"
    )
    if not analysis.chain:
        console.print("  nothing ranked")
    for rank, link in enumerate(analysis.chain[:3], start=1):
        console.print(
            f"  {rank}. {link.region}, {link.side} ({link.line.replace('_', ' ')}): "
            f"score {link.score:.2f}, evidence {link.evidence_grade}"
        )


def _plan(console: Console, analysis: Analysis) -> None:
    plan = analysis.plan
    console.print(f"\n[bold]Plan[/]: MFR cadence [bold]{plan.mfr_cadence}[/]")
    for action in plan.actions:
        console.print(f"  - [cyan]{action.kind}[/]: {action.text}")
