"""The analysis summary ``analyze`` and ``demo`` print: red flags, causes, chain, plan.

Rich text for a terminal; ``analyze --json`` prints the document instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from stridelight.core.journal import RunnerData, Workout
from stridelight.core.results import Analysis, CauseFinding, Evidence

LEVEL_STYLE = {"clear": "green", "watch": "yellow", "flag": "bold red"}


def print_summary(console: Console, data: RunnerData, analysis: Analysis) -> None:
    console.print(
        f"\n[bold]Analysis as of {analysis.as_of}[/] ({_who(data, analysis.as_of)})"
    )
    _red_flags(console, analysis)
    _questions(console, analysis)
    console.print(_causes_table(analysis.causes))
    _chain(console, analysis)
    _plan(console, analysis)


def _who(data: RunnerData, as_of: date) -> str:
    p = data.profile
    age = f"{as_of.year - p.birth_year}" if p.birth_year else "age unknown"
    mass = f", {p.body_mass_kg:g} kg" if p.body_mass_kg else ""
    runs = [w for w in data.workouts if w.is_run]
    count = f"{len(runs)} run{'' if len(runs) == 1 else 's'}"
    return f"{p.sex or 'runner'}, {age}{mass}; {count}, {_km(runs):.0f} km"


def _km(runs: Iterable[Workout]) -> float:
    return sum(w.distance_m for w in runs) / 1000


def _red_flags(console: Console, analysis: Analysis) -> None:
    if analysis.red_flags:
        flags = ", ".join(analysis.red_flags)
        console.print(f"[bold red]Red flags: {flags}: see a physician first.[/]")
    else:
        console.print("Red flags: [green]none reported[/] in the check-ins.")


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
        table.add_row(
            cause.id,
            f"[{style}]{cause.level}[/]",
            f"{cause.score:.2f}",
            top.text if top else "-",
        )
    return table


def _top_evidence(evidence: Iterable[Evidence]) -> Evidence | None:
    rank = {"flag": 0, "watch": 1, "clear": 2}
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
