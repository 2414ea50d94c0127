"""docs/settings.md: its example runs and does what it says, and its table of
thresholds is the dataclass's own."""

from __future__ import annotations

import re
from dataclasses import fields

from stridelight.core.analysis import analyze
from stridelight.core.results import Analysis
from stridelight.core.thresholds import Thresholds
from tests.core.scenarios import AS_OF
from tests.core.test_thresholds import worn_pair
from tests.settings_table import PAGE, described_fields, page_with_table

PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def test_the_documented_example_replaces_the_limit_of_a_pair_without_one() -> None:
    (example,) = PYTHON_BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    runner = worn_pair(None)
    names: dict[str, object] = {"runner": runner, "day": AS_OF}
    exec(compile(example, str(PAGE), "exec"), names)  # our own page's code
    documented = names["analysis"]
    assert isinstance(documented, Analysis)
    default = analyze(runner, as_of=AS_OF)
    assert [s.limit_km for s in default.shoes] == [700.0]
    assert [s.limit_km for s in documented.shoes] == [600.0]
    assert documented != default


def test_the_table_of_thresholds_is_current() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page_with_table(page) == page, "run: python -m tests.settings_table"


def test_the_table_lists_every_field_in_order() -> None:
    listed = [name for _, name, _ in described_fields()]
    assert listed == [f.name for f in fields(Thresholds)]
