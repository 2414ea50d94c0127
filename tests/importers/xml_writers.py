"""Writing GPX and TCX values as real writers spell them, for hypothesis.

A :class:`Writer` holds one generated document's choices; ``number`` spells one
value.  Used by ``test_xml_differential``, which says where an oracle limits them.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hypothesis import strategies as st

# Whitespace around a value: pretty-printers put the text on its own line.
PAD = st.sampled_from(["", "", "", " ", "\n", "\n          ", "\t"])
PAD_CR = st.sampled_from(["", "\r\n", "\r\n    "])  # a Windows writer's line ends
BLANK = st.sampled_from(["", " ", "\n      "])  # <ele></ele>, <hr> </hr>…
MODES = st.sampled_from(["all", "some", "none"])  # which points have a value


@st.composite
def number(
    draw: st.DrawFn,
    low: float,
    high: float,
    *,
    whole: bool = False,
    dotted: bool = False,
    pad: st.SearchStrategy[str] = PAD,
) -> str:
    """A value in [low, high] as writers spell it: int, decimal, exponent, '+'.

    ``whole``: an integral value (however spelled); ``dotted``: an exponent form
    always has a '.' in its mantissa.
    """
    value = draw(st.integers(int(low), int(high)) if whole else st.floats(low, high))
    form = draw(st.sampled_from(["plain", "fixed", "exponent"]))
    if form == "plain":
        text = repr(value)
    elif form == "fixed":
        text = f"{value:.{draw(st.integers(0, 9))}f}"
    else:
        text = f"{value:.{draw(st.integers(0, 8))}{draw(st.sampled_from('eE'))}}"
    if not low <= float(text) <= high:  # rounded past a bound: '-2e+02' for -180
        text = repr(value)
    mantissa, e, exponent = text.replace("E", "e").partition("e")
    if dotted and e and "." not in mantissa:
        text = f"{mantissa}.0{text[len(mantissa)]}{exponent}"
    if not text.startswith("-") and draw(st.booleans()):
        text = "+" + text
    return draw(pad) + text + draw(pad)


@st.composite
def offset(draw: st.DrawFn) -> str:
    sign = draw(st.sampled_from("+-"))
    return (
        f"{sign}{draw(st.integers(0, 14)):02}:{draw(st.sampled_from([0, 30, 45])):02}"
    )


class Writer:
    """One document's choices: hypothesis draws its forms and a few spelled values
    per column; a seeded Random picks among them point by point, as drawing every
    point's values through hypothesis costs some 40 ms a document."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.rng = random.Random(draw(st.integers(0, 2**32 - 1)))
        self.modes: dict[str, str] = {}
        self.pools: dict[str, list[str]] = {}

    def has(self, name: str) -> bool:
        if name not in self.modes:
            self.modes[name] = self.draw(MODES)
        mode = self.modes[name]
        return mode == "all" or (mode == "some" and self.rng.random() < 0.5)

    def value(
        self,
        name: str,
        spelled: st.SearchStrategy[str],
        *,
        blank: st.SearchStrategy[str] | None = BLANK,
    ) -> str:
        """One of the column's few spellings; some writers leave a value blank."""
        if name not in self.pools:
            pool = self.draw(st.lists(spelled, min_size=1, max_size=4))
            if blank is not None and self.draw(st.integers(0, 4)) == 0:
                pool.append(self.draw(blank))
            self.pools[name] = pool
        return self.rng.choice(self.pools[name])

    def times(self, n: int, spellings: st.SearchStrategy[tuple[int, str]]) -> list[str]:
        """``n`` times, ``step`` s apart (0: repeated); a spelling is the digits of the fraction of a
        second (0: none) and the zone.  One or a few spellings per file: Python's
        isoformat drops a zero fraction, so one file can mix two layouts."""
        start = self.draw(st.datetimes(datetime(1980, 1, 1), datetime(2060, 1, 1)))
        step = self.draw(st.integers(0, 90))
        forms = self.draw(st.lists(spellings, min_size=1, max_size=3))
        out = []
        for i in range(n):
            digits, zone = self.rng.choice(forms)
            fraction = f".{self.rng.randrange(10**digits):0{digits}}" if digits else ""
            moment = start + timedelta(seconds=i * step)
            out.append(f"{moment:%Y-%m-%dT%H:%M:%S}{fraction}{zone}")
        return out

    def layout(self) -> tuple[str, str]:
        """Between elements: nothing, or a line break and an indent per level."""
        newline = self.draw(st.sampled_from(["", "\n", "\r\n", "\n\n"]))
        return newline, self.draw(st.sampled_from(["", " ", "  ", "\t"]))
