"""Words and colours the report uses for the analysis' machine ids.

Every id the analysis may emit gets a plain-words label here; an id we do not know
yet falls back to a tidied version of itself, so a new detector never breaks the
report.  The palette is Okabe-Ito (safe for the common colour-vision deficiencies),
and colour is never the only carrier: every badge also says its level in words.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from stridelight.core.fascia_lines import LINE_NAMES

CAUSE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "repetitive_strain": "Repetitive strain",
        "footwear": "Footwear",
        "tight_chain": "Tight chain",
        "under_recovery": "Under-recovery",
    }
)
CAUSE_BLURBS: Mapping[str, str] = MappingProxyType(
    {
        "repetitive_strain": "Mile after mile without variety, or sudden jumps in distance.",
        "footwear": "Worn, unsuitable or never-rotated shoes.",
        "tight_chain": "Restrictions higher up the body that load the feet.",
        "under_recovery": "Not enough recovery between runs.",
    }
)

# Not assessed comes before clear: an unknown deserves a look before an all-clear.
LEVEL_ORDER: Mapping[str, int] = MappingProxyType(
    {"flag": 0, "watch": 1, "not_assessed": 2, "clear": 3}
)
LEVEL_WORDS: Mapping[str, str] = MappingProxyType(
    {"clear": "Clear", "watch": "Watch", "flag": "Flag", "not_assessed": "Not assessed"}
)
# A shape as well as a colour, so a greyscale print still tells the levels apart.
LEVEL_SYMBOLS: Mapping[str, str] = MappingProxyType(
    {"clear": "\u25cb", "watch": "\u25b3", "flag": "\u25a0", "not_assessed": "?"}
)

# Okabe-Ito.
BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
SKY = "#56B4E9"
GREEN = "#009E73"
GREY = "#8C8C8C"
INK = "#222222"
LEVEL_COLOURS: Mapping[str, str] = MappingProxyType(
    {"clear": BLUE, "watch": ORANGE, "flag": VERMILLION, "not_assessed": GREY}
)

RED_FLAG_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "numbness_tingling": "Numbness or tingling",
        "night_pain": "Pain at night",
        "swelling_redness_fever": "Swelling with redness or fever",
        "focal_bone_pain": "Pain on one spot of a bone (possible stress fracture)",
        "cannot_bear_weight": "Cannot bear weight",
        "diabetic_neuropathy": "Known diabetic neuropathy",
    }
)

CADENCE_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "weekly": "MFR weekly while training is heavy",
        "monthly": "MFR monthly, for maintenance",
        "refer_first": "See a physician first; MFR waits for their go-ahead",
    }
)

ACTION_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "mfr": "Myofascial release",
        "stretch": "Stretching",
        "strength": "Strength",
        "warmup": "Warm-up",
        "hydration": "Hydration",
        "shoes": "Shoes",
        "variety": "Training variety",
        "see_physician": "See a physician",
        "rest": "Rest days",
        "screen": "Red-flag questions",
        "red_flag_questions": "Questions first",
    }
)

_REGION_SPECIAL: Mapping[str, str] = MappingProxyType(
    {"it_band": "IT band", "top_of_foot": "Top of foot"}
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


def tidy(identifier: str) -> str:
    """``some_new_id`` -> ``Some new id``: the fallback for ids we have no words for."""
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def cause_name(cause_id: str) -> str:
    return CAUSE_NAMES.get(cause_id, tidy(cause_id))


def line_name(line_id: str) -> str:
    return LINE_NAMES.get(line_id, tidy(line_id))


def region_words(name: str) -> str:
    """``"it_band"`` -> ``"IT band"``: a region without its side."""
    return _REGION_SPECIAL.get(name, tidy(name))


def region_name(region: str) -> str:
    """``"heel:left"`` -> ``"Heel (left)"``; a bare region has no side shown."""
    name, _, side = region.partition(":")
    words = region_words(name)
    return f"{words} ({side})" if side else words


def level_colour(level: str) -> str:
    return LEVEL_COLOURS.get(level, GREY)


def number(value: float | str | None) -> str:
    """A value as a person reads it: at most two decimals, no trailing zeros."""
    if value is None:
        return "not assessed"
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not math.isfinite(value):
        return str(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def day(d: date) -> str:
    """A date in words independent of the process locale (``strftime`` is not)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def short_day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}"
