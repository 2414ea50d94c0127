"""import_sources: files, folders, exports and bundles into a runner's store.

The rules come from the issue ("The store"): the same file again adds nothing,
one recording is kept once, a bad file is reported and never stops the rest,
Strava's gear becomes shoes, and what a bundle imports reads back as ``ingest``
reads the bundle.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Model
from pytest_django import Settings

from stridelight.importers.bundle import plausible
from stridelight.ingest import ingest
from stridelight.runners import models as m
from stridelight.runners import originals
from stridelight.runners.selectors import runner_data
from stridelight.runners.services import import_sources
from tests.bundles import Run, activity_bytes
from tests.conftest import REAL, ROOT
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db
DEMO = ROOT / "samples" / "demo-runner"
STRAVA = REAL / "strava_export_sample.zip"
UTC = ZoneInfo("UTC")


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    """Each test stores originals in its own folder, to count them."""
    settings.MEDIA_ROOT = str(tmp_path / "files")
    return tmp_path / "files"


def stored_files(media: Path) -> set[str]:
    return {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()}


def one_run(folder: Path, name: str, run: Run) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(activity_bytes(run, UTC))
    return path


MORNING = Run(datetime(2026, 9, 1, 7, 0), 10.0, 55.0)


def test_the_demo_bundle_reads_back_as_ingest_reads_it() -> None:
    user = a_runner()
    report = import_sources(user=user, sources=[DEMO])  # the pool of two workers
    expected = ingest(DEMO)
    assert runner_data(user) == expected.data
    assert report.new == len(expected.data.workouts)
    assert report.rejected == ()


def test_the_same_files_again_add_nothing(media: Path) -> None:
    user = a_runner()
    first = import_sources(user=user, sources=[DEMO], workers=0)
    rows, files = m.Activity.objects.count(), stored_files(media)
    again = import_sources(user=user, sources=[DEMO], workers=0)
    assert (again.new, again.duplicates, again.already_there) == (0, 0, first.new)
    assert m.Activity.objects.count() == rows
    assert stored_files(media) == files


def test_every_row_has_its_stored_file_under_its_hash(media: Path) -> None:
    import_sources(user=a_runner(), sources=[DEMO], workers=0)
    for row in m.Activity.objects.all():
        name = str(row.original.name)
        assert name.startswith(f"originals/{row.sha256[:2]}/{row.sha256}")
        data = (media / name).read_bytes()
        assert originals.sha256_of(data) == row.sha256
    assert len(stored_files(media)) == m.Activity.objects.count()


def test_a_fit_and_a_tcx_of_one_run_are_one_activity_and_one_duplicate(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "watch-and-phone"
    one_run(folder, "run.fit", replace(MORNING, fmt="fit"))
    one_run(folder, "run.tcx", replace(MORNING, fmt="tcx"))
    user = a_runner()
    report = import_sources(user=user, sources=[folder], workers=0)
    assert (report.new, report.duplicates) == (1, 1)
    kept = m.Activity.objects.get(duplicate_of__isnull=True)
    copy = m.Activity.objects.get(duplicate_of__isnull=False)
    assert (kept.format, copy.format, copy.duplicate_of) == ("fit", "tcx", kept)
    assert [w.id for w in runner_data(user).workouts] == ["run.fit"]


def test_a_richer_file_arriving_later_is_kept_and_the_old_row_becomes_its_copy(
    tmp_path: Path,
) -> None:
    phone = replace(MORNING, fmt="gpx", hr=None)
    watch = replace(MORNING, fmt="fit")
    user = a_runner()
    import_sources(user=user, sources=[one_run(tmp_path / "a", "phone.gpx", phone)])
    later = import_sources(
        user=user, sources=[one_run(tmp_path / "b", "watch.fit", watch)], workers=0
    )
    assert (later.new, later.duplicates) == (1, 0)
    assert any(
        "phone.gpx is now a copy of the richer watch.fit" in x for x in later.lines
    )
    old = m.Activity.objects.get(path="phone.gpx")
    assert old.duplicate_of == m.Activity.objects.get(path="watch.fit")
    assert [w.id for w in runner_data(user).workouts] == ["watch.fit"]


def test_a_bad_file_among_good_ones_is_reported_and_the_rest_imported(
    tmp_path: Path, media: Path
) -> None:
    folder = tmp_path / "runs"
    shutil.copytree(DEMO / "activities", folder)
    (folder / "broken.fit").write_bytes(b".FIT" + b"\x00" * 40)
    good = len(list((DEMO / "activities").iterdir()))
    report = import_sources(user=a_runner(), sources=[folder], workers=0)
    assert report.new == good
    assert [r.path for r in report.rejected] == [f"{folder}/broken.fit"]
    assert report.rejected[0].reason
    assert len(stored_files(media)) == good  # nothing kept of the bad file
    # The import and its rejected file are kept for the uploads page.
    run = m.ImportRun.objects.get()
    assert (run.new, run.already_there, run.duplicates) == (good, 0, 0)
    kept = [(r.path, r.reason) for r in run.rejected.all()]
    assert kept == [(report.rejected[0].path, report.rejected[0].reason)]


def test_a_missing_source_is_rejected_by_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    report = import_sources(user=a_runner(), sources=[missing, DEMO], workers=0)
    assert report.rejected[0].path.startswith(str(missing))
    assert report.new > 0


def test_a_strava_export_brings_its_gear_as_shoes_and_keeps_strava_words() -> None:
    user = a_runner()
    report = import_sources(user=user, sources=[STRAVA], workers=0)
    expected = ingest(STRAVA)
    shoes = {s.key: s for s in m.Shoe.objects.all()}
    assert shoes
    assert set(shoes) == {s.id for s in expected.data.shoes}
    assert all(s.start_km_unknown for s in shoes.values())
    worn = m.Activity.objects.filter(shoe__isnull=False)
    assert worn.exists()
    assert all(a.name and a.extra["strava"]["type"] for a in m.Activity.objects.all())
    kept = runner_data(user).workouts
    assert [w.id for w in kept] == [w.id for w in expected.data.workouts]
    assert report.new == len(kept)


def test_a_file_cut_short_in_storage_is_replaced_on_the_next_import(
    media: Path,
) -> None:
    data = (DEMO / "activities" / "2026-09-03-easy.fit.gz").read_bytes()
    sha = originals.sha256_of(data)
    name = originals.name_for(sha, "2026-09-03-easy.fit.gz")
    default_storage.save(name, ContentFile(data[:100]))  # a kill mid-write
    import_sources(user=a_runner(), sources=[DEMO], workers=0)
    assert originals.sha256_of((media / name).read_bytes()) == sha


def test_the_bundles_text_limits_are_the_stores_columns() -> None:
    """A text the bundle reader takes fits its column (PostgreSQL refuses more)."""

    def size(model: type[Model], field: str) -> object:
        return getattr(model._meta.get_field(field), "max_length", None)

    names = {size(m.Runner, "name"), size(m.Shoe, "key"), size(m.Shoe, "name")}
    assert names == {plausible.NAME_CHARS}
    assert size(m.Shoe, "category") == plausible.CATEGORY_CHARS
    assert size(m.Activity, "path") == plausible.FILE_CHARS


def test_a_recordings_own_name_longer_than_its_column_is_cut_not_refused(
    tmp_path: Path,
) -> None:
    points = "".join(
        f'<trkpt lat="{40.67 + n * 0.0004:.4f}" lon="-73.94">'
        f"<time>2026-09-01T07:{n:02d}:00Z</time></trkpt>"
        for n in range(30)
    )
    run = tmp_path / "long.gpx"
    run.write_text(
        f'<gpx version="1.1" creator="{"d" * 300}" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{'n' * 400}</name><trkseg>{points}</trkseg></trk></gpx>"
    )
    report = import_sources(user=a_runner(), sources=[run], workers=0)
    assert report.new == 1 and not report.rejected
    activity = m.Activity.objects.get()
    assert (activity.name, activity.device) == ("n" * 300, "d" * 200)
