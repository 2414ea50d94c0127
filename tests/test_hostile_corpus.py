"""The hostile corpus (tests/hostile.py) through ``decode`` and ``analyze``.

Each refused item is one error naming the file and the problem; nothing
crashes (no traceback), and the process stays within a memory cap and a time
limit.  ``import`` meets the same corpus in tests/web/test_hostile_import.py.
"""

from __future__ import annotations

import resource
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stridelight.cli import app
from tests.hostile import Hostile, write_corpus
from tests.web.store import STRIDELIGHT

#: Address space for a whole command over the corpus: Python, NumPy and lxml
#: need a few hundred MiB; a bomb inflated in memory would need far more.
MEMORY_CAP = 1536 << 20
SECONDS_PER_ITEM = 10


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Hostile]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, write_corpus(folder)


def capped() -> None:
    """In the child, before it runs: the memory cap."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(
    argv: list[str], cwd: Path, items: int, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        preexec_fn=capped,
        capture_output=True,
        text=True,
        timeout=60 + SECONDS_PER_ITEM * items,
        check=False,
    )


def test_the_corpus_has_every_kind_of_hostile_item(
    corpus: tuple[Path, list[Hostile]],
) -> None:
    _, items = corpus
    names = " ".join(h.name for h in items)
    for kind in ("empty", "random", "cut", "flipped", "claims-4-gib", "billion-laughs",
                 "external-entity", "malformed", "wrong-types", "impossible-date",
                 "gzip-bomb", "zip-bomb", "zip-slip", "absolute", "long-path", "link", "wrong-version",
                 "missing-activity-file", "unknown-region", "negative-intensity"):  # fmt: skip
        assert kind in names, kind
    assert len(items) >= 40


def test_decode_refuses_each_hostile_file_by_name_within_its_bounds(
    corpus: tuple[Path, list[Hostile]],
) -> None:
    folder, items = corpus
    files = [h for h in items if h.kind == "activity"]
    done = run_capped(
        [STRIDELIGHT, "decode", "--summary", *(h.name for h in files)],
        folder,
        len(files),
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    for item in files:
        errors = [e for e in lines if e.startswith(f"error: {item.name}")]
        warnings = [w for w in lines if w.startswith(f"warning: {item.name}")]
        if item.refused:
            assert len(errors) == 1, (item.name, done.stderr)
            problem = errors[0].removeprefix(f"error: {item.name}").lower()
            assert item.problem in problem, errors[0]
        else:  # read what is readable, and say what was not
            assert errors or warnings, (item.name, done.stderr)


def test_analyze_refuses_each_hostile_bundle_naming_it_and_the_problem(
    corpus: tuple[Path, list[Hostile]],
) -> None:
    folder, items = corpus
    for item in (h for h in items if h.kind == "bundle"):
        started = time.monotonic()
        result = CliRunner().invoke(app, ["analyze", str(folder / item.name), "--json"])
        assert time.monotonic() - started < SECONDS_PER_ITEM, item.name
        # Refused: an error and exit 1; else the bad run is skipped, with a warning.
        assert (result.exit_code != 0) is item.refused, (item.name, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            item.name,
            result.exception,
        )
        path = str(folder / item.name)
        assert path in result.output, (item.name, result.output)
        problem = result.output.split(path, 1)[1].lower()
        assert item.problem in problem, (item.name, result.output)
