"""The hostile corpus through ``stridelight import``: each refused by name, the store intact.

A store holding the demo runner's 42 runs meets every hostile file and bundle
in one import, in a process under a memory cap.  Each refused item is one
``rejected:`` line naming it and the problem; the runs already stored keep
their rows and files byte for byte; nothing is written for a refused item,
and nothing escapes the corpus folder.
"""

from __future__ import annotations

from pathlib import Path

from tests.hostile import write_corpus
from tests.test_hostile_corpus import run_capped
from tests.web.store import STRIDELIGHT, embedded_env
from tests.web.test_commands import GOOD, user_add
from tests.web.test_import_command import ANN, DEMO, rows, stored, stridelight_import


def test_import_refuses_every_hostile_item_by_name_and_loses_nothing(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    assert user_add(store, ANN, GOOD).returncode == 0
    assert stridelight_import(store, DEMO).returncode == 0
    rows_before, files_before = rows(store), stored(store)
    corpus = tmp_path / "corpus"
    items = write_corpus(corpus)

    argv = [STRIDELIGHT, "import", *(h.name for h in items), "--runner", ANN]
    done = run_capped(argv, corpus, len(items), env=embedded_env(store))

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    rejected = [x for x in done.stderr.splitlines() if x.startswith("rejected: ")]
    for item in (h for h in items if h.refused):
        named = [r for r in rejected if r.startswith(f"rejected: {item.name}")]
        assert named, (item.name, done.stderr)
        problem = named[0].removeprefix(f"rejected: {item.name}").lower()
        assert item.problem in problem, named[0]
    # What was there is there still, byte for byte.
    rows_after, files_after = rows(store), stored(store)
    assert rows_before <= rows_after
    assert files_after.items() >= files_before.items()
    # Only readable activity files (partly read, with a warning) were added:
    # every new row has its file, and no file is without a row.
    added = rows_after - rows_before
    readable = {h.name for h in items if not h.refused and h.kind == "activity"}
    assert {Path(path).name for path, *_ in added} <= {Path(n).name for n in readable}
    assert {original for *_, original in rows_after} == set(files_after)
    assert not list(tmp_path.rglob("escaped*")), "a zip entry escaped"
    assert not Path("/tmp/absolute.gpx").exists()
