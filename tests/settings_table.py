"""The table of every analysis threshold in docs/settings.md, built from the dataclass.

Defaults and sources come from ``Thresholds`` itself; the sections and the words
come from the ``# ---`` headings and ``#:`` comments of core/thresholds.py, so the
page cannot drift from the code.  ``tests/test_settings_doc.py`` checks the page;
after changing a field, rewrite it with ``python -m tests.settings_table``.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from stridelight.core.thresholds import DEFAULTS, Thresholds, citation

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "stridelight" / "core" / "thresholds.py"
PAGE = ROOT / "docs" / "settings.md"
BEGIN = "<!-- thresholds table: python -m tests.settings_table -->"
END = "<!-- end of thresholds table -->"

_SECTION = re.compile(r"^    # --- (.+?) -+$")
_DOC = re.compile(r"^    #: ?(.*)$")
_FIELD = re.compile(r"^    (\w+): .*= _t\(.*?\)(?:\s+# (.*))?$")


def described_fields() -> list[tuple[str, str, str]]:
    """(section, field, description) in the order of the source."""
    out: list[tuple[str, str, str]] = []
    doc: list[str] = []
    section = ""
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if m := _SECTION.match(line):
            section, doc = m[1], []
        elif m := _DOC.match(line):
            doc.append(m[1])
        elif m := _FIELD.match(line):
            words = " ".join(doc) or (m[2] or "")
            out.append((section, m[1], words.replace("|", "\\|")))
            doc = []
        elif not line.strip().startswith("#"):
            doc = []
    return out


def _default(name: str) -> str:
    value = getattr(DEFAULTS, name)
    if isinstance(value, tuple):
        return "–".join(f"{v:g}" for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def render() -> str:
    lines = [BEGIN]
    section = None
    for where, name, words in described_fields():
        if where != section:
            section = where
            lines += ["", f"**{where}**", ""]
            lines += [
                "| field | default | source | what it sets |",
                "|---|---|---|---|",
            ]
        lines.append(f"| `{name}` | {_default(name)} | `{citation(name)}` | {words} |")
    return "\n".join([*lines, "", END])


def page_with_table(page: str) -> str:
    before, rest = page.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    return before + render() + after


def every_field_is_listed() -> bool:
    return [n for _, n, _ in described_fields()] == [f.name for f in fields(Thresholds)]


if __name__ == "__main__":
    PAGE.write_text(page_with_table(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
