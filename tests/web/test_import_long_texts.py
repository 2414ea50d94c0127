"""Texts longer than their column, from a zip, through the store's import (issue #12).

PostgreSQL refuses a text longer than its column where SQLite keeps it whole,
so these run on both (``DATABASE_URL``).  A zip entry's path is the activity's
id (``Activity.path``, 500 characters): a longer one is rejected by name and the
rest of the archive imports.  A Strava gear name is a shoe's id and name (200):
a longer one is cut, ending in a hash of the whole, and the run keeps its pair.
Every zip is built here around real files; ``import_sources`` is the service
behind the upload page and ``stridelight import``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pytest_django import Settings

from stridelight.accounts.models import User
from stridelight.importers.bundle import plausible
from stridelight.ingest import ingest
from stridelight.runners import models as m
from stridelight.runners.services import ImportReport, import_sources
from tests.bundles import RunnerSpec, runner_document
from tests.conftest import REAL
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db
GPX = REAL / "gpx" / "fittrackee__test.gpx"
OTHER_GPX = REAL / "gpx" / "gpxgo__visnjan.gpx"
TCX = sorted((REAL / "tcx").glob("*.tcx"))[0]
STRAVA = REAL / "strava_export_sample.zip"
TOO_LONG = "path longer than 500 characters"
#: 509 characters inside the archive: past Activity.path's 500.
LONG = "d" * 250 + "/" + "e" * 250 + "/run.tcx"


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "files")
    return tmp_path / "files"


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def strava_export(path: Path, change: dict[str, str], extra: dict[str, bytes]) -> Path:
    """The real Strava sample with words of its CSV (and so its members) changed."""
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(STRAVA) as sample:
        for name in sample.namelist():
            data = sample.read(name)
            if name == "activities.csv":
                text = data.decode()
                for old, new in change.items():
                    text = text.replace(old, new)
                data = text.encode()
            members[change.get(name, name)] = data
    return write_zip(path, members | extra)


def stored(media: Path) -> set[str]:
    return {p.name for p in media.rglob("*") if p.is_file()}


def rejected_entries(report: ImportReport, source: Path) -> dict[str, str]:
    prefix = f"{source}/"
    return {r.path.removeprefix(prefix): r.reason for r in report.rejected}


def assert_again_adds_nothing(
    user: User, source: Path, first: ImportReport, media: Path
) -> None:
    rows = set(m.Activity.objects.values_list("path", "sha256", "shoe__key"))
    shoes = set(m.Shoe.objects.values_list("key", "name"))
    files = stored(media)
    again = import_sources(user=user, sources=[source], workers=0)
    assert (again.new, again.duplicates) == (0, 0)
    assert again.already_there == first.new + first.duplicates
    assert again.rejected == first.rejected  # refused again, for the same reason
    assert set(m.Activity.objects.values_list("path", "sha256", "shoe__key")) == rows
    assert set(m.Shoe.objects.values_list("key", "name")) == shoes
    assert stored(media) == files


def test_a_zip_entry_with_a_path_longer_than_its_column_is_rejected_and_the_rest_imports(
    tmp_path: Path, media: Path
) -> None:
    source = write_zip(
        tmp_path / "runs.zip", {"good.gpx": GPX.read_bytes(), LONG: TCX.read_bytes()}
    )
    user = a_runner()
    report = import_sources(user=user, sources=[source], workers=0)
    assert (report.new, report.duplicates) == (1, 0)
    reasons = rejected_entries(report, source)
    assert list(reasons) == [LONG]
    assert reasons[LONG].startswith(f"{TOO_LONG} (509)")
    # Nothing half-written: one row, its one stored file, the refusal kept.
    assert list(m.Activity.objects.values_list("path", flat=True)) == ["good.gpx"]
    assert len(stored(media)) == 1
    kept = m.RejectedFile.objects.get(run_id=report.run_id)
    assert (kept.path, kept.reason) == (f"{source}/{LONG}", reasons[LONG])
    assert_again_adds_nothing(user, source, report, media)


def test_a_strava_exports_over_long_paths_listed_or_not_are_rejected_and_the_rest_imports(
    tmp_path: Path, media: Path
) -> None:
    listed, unlisted = f"activities/{'x' * 500}.tcx", f"activities/{'y' * 500}.gpx"
    source = strava_export(
        tmp_path / "export.zip",
        {"activities/2300302014.tcx": listed},
        {unlisted: GPX.read_bytes()},
    )
    user = a_runner()
    report = import_sources(user=user, sources=[source], workers=0)
    reasons = rejected_entries(report, source)
    assert set(reasons) == {listed, unlisted}
    assert all(r.startswith(f"{TOO_LONG} (515)") for r in reasons.values())
    with zipfile.ZipFile(STRAVA) as sample:
        files = {n for n in sample.namelist() if n.startswith("activities/")}
    expected = files - {"activities/2300302014.tcx"}
    assert set(m.Activity.objects.values_list("path", flat=True)) == expected
    assert report.new + report.duplicates == len(expected)
    assert len(stored(media)) == len(expected)
    assert_again_adds_nothing(user, source, report, media)


def test_a_bundle_file_runner_json_does_not_list_is_rejected_when_its_path_is_too_long(
    tmp_path: Path, media: Path
) -> None:
    document = runner_document(RunnerSpec(runner={"time_zone": "Europe/Berlin"}))
    long = f"activities/{LONG}"
    source = write_zip(
        tmp_path / "bundle.zip",
        {
            "runner.json": json.dumps(document).encode(),
            "activities/good.gpx": GPX.read_bytes(),
            long: TCX.read_bytes(),
        },
    )
    user = a_runner()
    report = import_sources(user=user, sources=[source], workers=0)
    reasons = rejected_entries(report, source)
    assert list(reasons) == [long] and reasons[long].startswith(f"{TOO_LONG} (520)")
    paths = list(m.Activity.objects.values_list("path", flat=True))
    assert paths == ["activities/good.gpx"]
    assert m.Runner.objects.get().time_zone == "Europe/Berlin"
    assert len(stored(media)) == 1
    # ``analyze`` reads the bundle as the store does: the same file, the same words.
    analysed = ingest(source)
    assert [(e.file, e.reason) for e in analysed.errors] == [(long, reasons[long])]
    assert [w.id for w in analysed.data.workouts] == paths
    assert_again_adds_nothing(user, source, report, media)


def test_the_same_path_at_its_columns_length_marked_for_another_file_still_fits(
    tmp_path: Path,
) -> None:
    """Another file under a path already taken is stored marked with its hash."""
    at_limit = "r" * 496 + ".gpx"
    user = a_runner()
    first = write_zip(tmp_path / "a.zip", {at_limit: GPX.read_bytes()})
    second = write_zip(tmp_path / "b.zip", {at_limit: OTHER_GPX.read_bytes()})
    for source in (first, second):
        report = import_sources(user=user, sources=[source], workers=0)
        assert (report.new + report.duplicates, report.rejected) == (1, ())
    assert m.Activity.objects.filter(path=at_limit).count() == 1
    marked = m.Activity.objects.exclude(path=at_limit).get()
    assert marked.path == "r" * 487 + "#" + marked.sha256[:12]


def test_over_long_strava_gear_names_become_two_pairs_that_fit_and_come_back(
    tmp_path: Path, media: Path
) -> None:
    """Two names alike for their first 250 characters stay two pairs."""
    alike = "Trail " + "L" * 244
    source = strava_export(
        tmp_path / "export.zip",
        {"Shoe A": f"{alike} first pair", "Shoe B": f"{alike} second pair"},
        {},
    )
    user = a_runner()
    report = import_sources(user=user, sources=[source], workers=0)
    assert report.rejected == ()
    shoes = list(m.Shoe.objects.order_by("key"))
    assert len(shoes) == 2
    assert len({s.key for s in shoes}) == 2
    for shoe in shoes:
        assert shoe.name == shoe.key and len(shoe.key) == plausible.NAME_CHARS
        assert shoe.key.startswith(alike[:186] + "…#")
        assert shoe.activities.count() == 3  # each pair's three runs in the CSV
    # ``analyze`` names the pairs as the store does.
    assert {s.id for s in ingest(source).data.shoes} == {s.key for s in shoes}
    assert_again_adds_nothing(user, source, report, media)
