"""A stored runner's analysis and export give what their bundle gives.

``analyze --runner EMAIL --json`` == ``analyze BUNDLE --json`` == ``analyze`` on
the zip ``export`` writes (the same --on); the export keeps unknown keys and the
copies of a recording; the cached analysis follows every write.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from pytest_django import Settings
from typer.testing import CliRunner

from stridelight.cli import app
from stridelight.core.journal import Ache
from stridelight.importers.bundle import read_bundle
from stridelight.runners import models as m
from stridelight.runners import services
from stridelight.runners.analysis import analysis
from stridelight.runners.exports import export_bundle
from stridelight.runners.extras import unknown_keys
from stridelight.runners.selectors import runner_data
from tests.bundles import RunnerSpec, write_runner_bundle
from tests.conftest import REAL, ROOT
from tests.scenario_runners import AS_OF, half_marathon, tight_chain
from tests.web.store import a_runner
from tests.web.stored import store_bundle

pytestmark = pytest.mark.django_db
DEMO = ROOT / "samples" / "demo-runner"
DEMO_ON = date(2026, 11, 18)
STRAVA = REAL / "strava_export_sample.zip"
cli = CliRunner()


@pytest.fixture(autouse=True)
def own_storage_and_cache(tmp_path: Path, settings: Settings) -> Iterator[None]:
    """Originals in this test's folder; no analysis cached by an earlier test."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()


def generated(spec: Callable[[], RunnerSpec]) -> Callable[[Path], Path]:
    return lambda folder: write_runner_bundle(spec(), folder / "bundle")


def demo(folder: Path) -> Path:
    return DEMO


def with_copy_and_unknown_keys(folder: Path) -> Path:
    """A generated runner with a gzipped copy of one run and unknown keys
    in every section of runner.json."""
    bundle = write_runner_bundle(tight_chain(), folder / "bundle")
    first = sorted((bundle / "activities").iterdir())[0]
    copy = first.with_name("copy-" + first.name + ".gz")
    copy.write_bytes(gzip.compress(first.read_bytes(), mtime=0))
    document = json.loads((bundle / "runner.json").read_text())
    document["exported_by"] = {"app": "elsewhere", "build": 7}
    document["runner"]["shoe_size_eu"] = 41
    document["shoes"][0]["colour"] = "blue"
    document["activities"][0]["weather"] = "rain"
    document["activities"].append({"file": f"activities/{copy.name}", "via": "phone"})
    for section in ("aches", "habits", "screenings", "sessions", "checkins"):
        document[section][0]["source"] = f"{section} app"
    document["sessions"][0]["findings"][0]["hands"] = "two"
    (bundle / "runner.json").write_text(json.dumps(document))
    return bundle


BUNDLES: dict[str, tuple[Callable[[Path], Path], date]] = {
    "demo runner": (demo, DEMO_ON),
    "tight chain": (generated(tight_chain), AS_OF),
    "half marathon": (generated(half_marathon), AS_OF),
    "copy and unknown keys": (with_copy_and_unknown_keys, AS_OF),
}


def analyze_json(*args: str) -> dict[str, Any]:
    result = cli.invoke(app, ["analyze", *args, "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize("make, on", BUNDLES.values(), ids=BUNDLES.keys())
def test_the_stored_runner_and_its_export_analyse_as_the_bundle_does(
    make: Callable[[Path], Path], on: date, tmp_path: Path
) -> None:
    bundle = make(tmp_path)
    user = a_runner()
    store_bundle(user, bundle)
    day = ["--on", on.isoformat()]
    from_bundle = analyze_json(str(bundle), *day)
    assert from_bundle["data"]["activities"] > 0
    assert analyze_json("--runner", user.email, *day) == from_bundle
    exported = tmp_path / "export.zip"
    done = cli.invoke(app, ["export", "--runner", user.email, "-o", str(exported)])
    assert done.exit_code == 0, done.output
    assert analyze_json(str(exported), *day) == from_bundle


def test_a_copy_of_a_recording_is_exported_and_counted_again(tmp_path: Path) -> None:
    user = a_runner()
    loaded = store_bundle(user, with_copy_and_unknown_keys(tmp_path))
    assert len(loaded.duplicates) == 1
    written = export_bundle(user=user, dest=tmp_path / "out.zip")
    names = read_bundle(written).activity_files
    assert loaded.duplicates[0].file in names
    assert m.Activity.objects.filter(duplicate_of__isnull=False).count() == 1


def test_the_export_gives_back_every_unknown_key(tmp_path: Path) -> None:
    bundle = with_copy_and_unknown_keys(tmp_path)
    user = a_runner()
    store_bundle(user, bundle)
    written = export_bundle(user=user, dest=tmp_path / "out.zip")
    given = unknown_keys(read_bundle(bundle).document)
    assert given.top and given.runner and given.findings[0][0]  # something to keep
    assert unknown_keys(read_bundle(written).document) == given


def test_a_bundle_imported_by_the_command_exports_its_unknown_keys_back(
    tmp_path: Path,
) -> None:
    bundle = with_copy_and_unknown_keys(tmp_path)
    user = a_runner()
    imported = cli.invoke(app, ["import", str(bundle), "--runner", user.email])
    assert imported.exit_code == 0, imported.output
    exported = tmp_path / "out.zip"
    done = cli.invoke(app, ["export", "--runner", user.email, "-o", str(exported)])
    assert done.exit_code == 0, done.output
    given = unknown_keys(read_bundle(bundle).document)
    assert given.top and given.runner and given.findings[0][0]  # something to keep
    assert unknown_keys(read_bundle(exported).document) == given


def test_the_export_imported_into_a_new_account_is_the_same_runner(
    tmp_path: Path,
) -> None:
    ann = a_runner("ann@example.com")
    store_bundle(ann, with_copy_and_unknown_keys(tmp_path))
    written = export_bundle(user=ann, dest=tmp_path / "ann.zip")
    bob = a_runner("bob@example.com")
    store_bundle(bob, written)
    assert runner_data(bob) == runner_data(ann)


def test_a_strava_runners_export_keeps_the_unknown_start_of_each_pair(
    tmp_path: Path,
) -> None:
    """Strava's gear is stored with ``start_km_unknown``; the export says so and
    importing it gives the same pairs back ("at least" distances stay so)."""
    ann = a_runner("ann@example.com")
    services.import_sources(user=ann, sources=[STRAVA], workers=0)
    assert runner_data(ann).shoes
    assert all(s.start_km_unknown for s in runner_data(ann).shoes)
    written = export_bundle(user=ann, dest=tmp_path / "ann.zip")
    bob = a_runner("bob@example.com")
    store_bundle(bob, written)
    assert runner_data(bob).shoes == runner_data(ann).shoes


def test_the_originals_come_back_byte_for_byte(tmp_path: Path) -> None:
    user = a_runner()
    store_bundle(user, DEMO)
    written = export_bundle(user=user, dest=tmp_path / "folder-export")
    for original in sorted((DEMO / "activities").iterdir()):
        exported = written / "activities" / original.name
        assert exported.read_bytes() == original.read_bytes()


def test_the_cached_analysis_is_read_until_a_service_writes(tmp_path: Path) -> None:
    user = a_runner()
    store_bundle(user, DEMO)
    first = analysis(user=user, as_of=DEMO_ON).to_json()
    # A change behind the services' back is not seen: the cache answers.
    m.Ache.objects.update(intensity=0)
    assert analysis(user=user, as_of=DEMO_ON).to_json() == first
    services.data_changed(services.runner_for(user))
    assert analysis(user=user, as_of=DEMO_ON).to_json() != first


def test_an_added_ache_changes_the_cached_analysis(tmp_path: Path) -> None:
    user = a_runner()
    store_bundle(user, DEMO)
    before = analysis(user=user, as_of=DEMO_ON)
    assert analysis(user=user, as_of=DEMO_ON).to_json() == before.to_json()
    data = runner_data(user)
    last_run = data.workouts[-1].start
    ache = Ache(
        at=last_run, region="arch", side="left", intensity=9, timing="after_run"
    )
    journal = replace(data.journal, aches=(*data.journal.aches, ache))
    services.journal_replace(runner=services.runner_for(user), journal=journal)
    after = analysis(user=user, as_of=DEMO_ON)
    assert after.ache_by_region.get("arch:left") != before.ache_by_region.get(
        "arch:left"
    )


def test_an_unknown_email_is_one_clear_error_line() -> None:
    for args in (
        ["analyze", "--runner", "nobody@example.com"],
        ["export", "--runner", "nobody@example.com", "-o", "x.zip"],
        ["report", "--runner", "nobody@example.com", "-o", "x.html"],
    ):
        result = cli.invoke(app, args)
        assert result.exit_code == 1, args
        assert result.stderr.count("\n") == 1
        assert "nobody@example.com" in result.stderr


def test_analyze_wants_a_path_or_a_runner_not_both_nor_neither() -> None:
    both = cli.invoke(app, ["analyze", str(DEMO), "--runner", "ann@example.com"])
    neither = cli.invoke(app, ["analyze", "--json"])
    for result in (both, neither):
        assert result.exit_code == 2
        assert "one of the two" in result.stderr


def test_report_writes_the_stored_runners_report_with_their_name(
    tmp_path: Path,
) -> None:
    user = a_runner()
    store_bundle(user, DEMO)
    out = tmp_path / "report.html"
    args = ["report", "--runner", user.email, "-o", str(out), "--on", "2026-11-18"]
    result = cli.invoke(app, args)
    assert result.exit_code == 0, result.output
    name = runner_data(user).profile.name
    assert name and name in out.read_text(encoding="utf-8")
