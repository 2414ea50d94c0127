"""Assemble the report: one self-contained HTML page, and a PDF printed from it.

The page carries its CSS and every image inline (SVG), so it opens offline, from an
e-mail attachment or a USB stick, and prints the same in a browser or WeasyPrint.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from string import Template

from stridelight.core.results import Analysis
from stridelight.report import figures, sections
from stridelight.report.labels import day
from stridelight.report.markup import esc
from stridelight.report.sections import ClinicInfo

_HERE = files("stridelight.report")
SUFFIXES = (".html", ".htm", ".pdf")


def _asset(name: str) -> str:
    return _HERE.joinpath(name).read_text(encoding="utf-8")


def _body(analysis: Analysis, runner_name: str | None, clinic: ClinicInfo) -> str:
    # The order is the brief's: red flags before anything that could read as a
    # go-ahead, then the causes, the pictures that explain them, and the plan.
    parts = (
        sections.header(analysis, runner_name, clinic),
        sections.red_flags(analysis, clinic),
        sections.red_flag_questions(analysis),
        sections.causes(analysis),
        figures.training(analysis),
        figures.shoes(analysis),
        figures.aches(analysis),
        figures.chain(analysis),
        sections.plan(analysis),
        sections.patterns(analysis),
        sections.notes(analysis),
        sections.sources(sections.citations(analysis), analysis.chain),
        sections.closing(),
    )
    return "\n".join(p for p in parts if p)


def render_html(
    analysis: Analysis,
    *,
    clinic: ClinicInfo,
    runner_name: str | None = None,
) -> str:
    """The report as one HTML document; the same analysis gives the same bytes."""
    who = f" for {runner_name}" if runner_name else ""
    title = f"Stridelight report{who}, {day(analysis.as_of)}"
    page = Template(_asset("templates/report.html"))
    return page.substitute(
        title=esc(title),
        css=_asset("report.css"),
        body=_body(analysis, runner_name, clinic),
    )


def render_fragment(
    analysis: Analysis,
    *,
    clinic: ClinicInfo,
    runner_name: str | None = None,
) -> str:
    """The report's sections without the page around them, for a page of the web
    app to hold inside an element of class ``report``, styled by
    :func:`stylesheet` (served as a file).

    No inline CSS, for the web's Content Security Policy: the charts' ``style``
    attributes become SVG presentation attributes (the same look), and their
    ``<style>`` blocks, which only round the line joins, are left out.
    """
    return without_inline_css(_body(analysis, runner_name, clinic))


_STYLE_BLOCK = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def without_inline_css(markup: str) -> str:
    """SVG markup with each ``style="a: b; c: d"`` as ``a="b" c="d"``, no
    ``<style>`` element left."""
    return _STYLE_ATTRIBUTE.sub(_as_attributes, _STYLE_BLOCK.sub("", markup))


def _as_attributes(match: re.Match[str]) -> str:
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def stylesheet() -> str:
    """The report's CSS, every rule scoped to ``.report``."""
    return _asset("report.css")


def render_pdf(
    analysis: Analysis,
    *,
    clinic: ClinicInfo,
    runner_name: str | None = None,
) -> bytes:
    """The same page printed to A4 by WeasyPrint."""
    # Imported here: WeasyPrint loads Pango and fonts, which HTML-only callers skip.
    from weasyprint import HTML

    page = render_html(analysis, runner_name=runner_name, clinic=clinic)
    pdf: bytes = HTML(string=page, base_url=None).write_pdf()
    return pdf


def write_report(
    analysis: Analysis,
    path: str | Path,
    *,
    clinic: ClinicInfo,
    runner_name: str | None = None,
) -> Path:
    """Write HTML or PDF, chosen by the file's suffix; returns the path written."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(
            f"cannot write a report to {target.name!r}: "
            f"use a .html, .htm or .pdf file name (got {suffix or 'no suffix'!r})"
        )
    if suffix == ".pdf":
        data = render_pdf(analysis, runner_name=runner_name, clinic=clinic)
        target.write_bytes(data)
    else:
        html = render_html(analysis, runner_name=runner_name, clinic=clinic)
        target.write_text(html, encoding="utf-8")
    return target
