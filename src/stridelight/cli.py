"""The ``stridelight`` command: a thin Typer app over core, importers and services."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Stridelight: why do my feet ache after running, and what to do about it.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """Stridelight command line."""
