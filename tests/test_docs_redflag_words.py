"""docs/bundle.md lists exactly the red-flag words the code reads, and the ranges."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from stridelight.core import redflag_words as words
from stridelight.core.vocabulary import RED_FLAG_IDS
from stridelight.importers.bundle.plausible import SCREENINGS
from tests.conftest import ROOT

BUNDLE_DOC = (ROOT / "docs" / "bundle.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = BUNDLE_DOC.index(f"## {title}\n")
    end = BUNDLE_DOC.find("\n## ", start + 1)
    return BUNDLE_DOC[start : end if end > 0 else None]


WORDS = section("Red-flag words")


def codes(line: str) -> list[str]:
    return re.findall(r"`([^`]+)`", line)


def listed(prefix: str) -> list[str]:
    """The backticked items of the one line that starts with ``prefix``."""
    (line,) = [ln for ln in WORDS.splitlines() if ln.startswith(prefix)]
    return codes(line.removeprefix(prefix))


def by_flag(kind: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    flag = None
    for line in WORDS.splitlines():
        if re.fullmatch(r"- `[a-z_]+`", line):
            flag = codes(line)[0]
        elif flag and line.startswith(f"  - {kind}: "):
            out[flag] = codes(line)
    return out


@pytest.mark.parametrize(
    ("kind", "table"), [("says", words.SAYS), ("suggests", words.SUGGESTS)]
)
def test_the_docs_list_every_phrase_of_each_flag(
    kind: str, table: Mapping[str, tuple[str, ...]]
) -> None:
    assert by_flag(kind) == {f: list(table[f]) for f in RED_FLAG_IDS}


def test_the_docs_list_every_group() -> None:
    documented = {
        codes(line)[0].strip("<>"): codes(line)[1:]
        for line in WORDS.splitlines()
        if line.startswith("- `<")
    }
    assert documented == {g: w.split("|") for g, w in words.GROUPS.items()}


def test_the_docs_list_how_the_text_is_read() -> None:
    rewrites = listed("- *Read as one word*: ")
    assert list(zip(rewrites[::2], rewrites[1::2], strict=True)) == list(
        words.REWRITES.items()
    )
    negations = listed("- *Negation* before a phrase in its clause denies it: ")
    assert set(negations) == words.NEGATIONS | {
        " ".join(p) for p in words.NOT_NEGATIONS
    }
    assert set(listed("- *Passed* after a phrase in its clause denies it too: ")) == (
        words.NEGATIONS_AFTER
    )
    assert set(listed("- *Doubt* anywhere in the clause")) == words.HEDGES
    breaks = listed("- *Clause breaks*: ")
    assert set(breaks) == words.CLAUSE_BREAKS | words.LIST_WORDS


def test_the_screening_table_gives_each_tests_human_range() -> None:
    rows = {
        codes(line)[0]: line.rsplit("|", 2)[-2].strip()
        for line in section("Sections and fields").splitlines()
        if line.startswith("| `") and codes(line)[0] in SCREENINGS
    }
    expected = {
        test: f"{r.low:g}–{r.high:g}".replace("-", "−")
        for test, r in SCREENINGS.items()
    }
    assert rows == expected


def test_ankle_df_deg_is_defined_once_and_linked_from_the_other_pages() -> None:
    anchor = "bundle.md#how-ankle_df_deg-is-measured"
    assert BUNDLE_DOC.count("#### How `ankle_df_deg` is measured") == 1
    for page in ("body-regions.md", "fascial-web.md", "evidence.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert anchor in text, page
        assert "tibial angle" not in text
