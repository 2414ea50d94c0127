"""The analysis' machine ids in plain words on the workspace pages (the report's
own labels, ``report.labels``, so the brief and the report say the same)."""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from stridelight.core.results import Evidence
from stridelight.report import labels

register = template.Library()


@register.filter
def cause_name(cause_id: str) -> str:
    return labels.cause_name(cause_id)


@register.filter
def level_words(level: str) -> str:
    symbol = labels.LEVEL_SYMBOLS.get(level, "")
    return f"{symbol} {labels.LEVEL_WORDS.get(level, labels.tidy(level))}".strip()


@register.filter
def line_name(line_id: str) -> str:
    return labels.line_name(line_id)


@register.filter
def region_words(region: str) -> str:
    return labels.region_words(region)


@register.filter
def tidy(identifier: str) -> str:
    return labels.tidy(identifier)


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    """``mapping[key]``, or "" (templates cannot index by a variable)."""
    return mapping.get(key, "")


@register.filter
def judged(evidence: Sequence[Evidence]) -> list[Evidence]:
    """The evidence worth a therapist's eye: signals at *watch* or *flag*."""
    return [e for e in evidence if e.level in ("watch", "flag")]


@register.filter
def unjudged(evidence: Sequence[Evidence]) -> list[Evidence]:
    """Signals that had no data to judge (never shown as clear)."""
    return [e for e in evidence if e.level == "not_assessed"]
