"""/me/uploads/: files and exports sent from the browser, imported in the background.

The immediate task backend runs the import as soon as the upload is committed
(``django_capture_on_commit_callbacks``), so each test sees it finished; one
test watches the progress written while the files are read.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from stridelight.accounts.models import User
from stridelight.runners import models as m
from stridelight.runners import uploads
from stridelight.runners.services import import_sources, runner_for
from tests.conftest import REAL, ROOT, real_files
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db
STRAVA = REAL / "strava_export_sample.zip"
STRAVA_ACTIVITIES = 12
DEMO = ROOT / "samples" / "demo-runner"
Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def folders(settings: Settings, tmp_path: Path) -> Path:
    """Each test its own stored originals and waiting uploads."""
    settings.MEDIA_ROOT = str(tmp_path / "files")
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path / "uploads"


@pytest.fixture
def ann() -> User:
    return a_runner()


@pytest.fixture
def signed_in(client: Client, ann: User) -> Client:
    client.force_login(ann)
    return client


def sent(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def upload(
    client: Client, capture: Capture, *files: SimpleUploadedFile
) -> tuple[Any, m.Upload]:
    """POST the files; the import runs when the upload's rows are committed."""
    with capture(execute=True):
        response = client.post("/me/uploads/", {"files": list(files)})
    assert response.status_code == 302, response.content.decode()[:500]
    done = m.Upload.objects.get()
    assert response["Location"] == f"/me/uploads/{done.pk}/"
    return response, done


def progress(client: Client, upload_id: int) -> dict[str, Any]:
    response = client.get(f"/me/uploads/{upload_id}/progress/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    answer: dict[str, Any] = json.loads(response.content)
    return answer


def test_a_strava_export_is_imported_in_the_background_with_its_counts(
    signed_in: Client, django_capture_on_commit_callbacks: Capture, folders: Path
) -> None:
    _, done = upload(signed_in, django_capture_on_commit_callbacks, sent(STRAVA))
    state = progress(signed_in, done.pk)
    assert state["state"] == "done" and state["finished"]
    assert state["counts"]["new"] == STRAVA_ACTIVITIES
    assert state["files"] == [
        {"name": STRAVA.name, "state": "read", "entries_read": STRAVA_ACTIVITIES}
    ]
    assert m.Activity.objects.filter(duplicate_of__isnull=True).count() == (
        STRAVA_ACTIVITIES - state["counts"]["duplicates"]
    )
    page = signed_in.get(f"/me/uploads/{done.pk}/").content.decode()
    assert f"{STRAVA_ACTIVITIES} new" in page and "New activities" in page
    # the waiting copy is gone once imported; the originals are in the store
    assert list(folders.iterdir()) == []


def test_the_same_export_again_adds_nothing_and_says_already_there(
    signed_in: Client, django_capture_on_commit_callbacks: Capture, ann: User
) -> None:
    import_sources(user=ann, sources=[STRAVA], workers=0)
    rows = m.Activity.objects.count()
    _, done = upload(signed_in, django_capture_on_commit_callbacks, sent(STRAVA))
    state = progress(signed_in, done.pk)
    assert state["counts"] == {
        "new": 0, "already_there": STRAVA_ACTIVITIES, "duplicates": 0, "rejected": 0
    }  # fmt: skip
    assert "already there: nothing added" in state["message"]
    assert m.Activity.objects.count() == rows


def test_many_files_each_with_its_progress_and_a_bad_one_named_as_sent(
    signed_in: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    good = [*real_files("fit", ".fit")[:2], *real_files("gpx", ".gpx")[:1]]
    bad = SimpleUploadedFile("broken run.fit", b"this is no activity file")
    _, done = upload(
        signed_in, django_capture_on_commit_callbacks, *map(sent, good), bad
    )
    state = progress(signed_in, done.pk)
    assert [f["name"] for f in state["files"]] == [p.name for p in good] + [
        "broken run.fit"
    ]
    assert all(f["state"] == "read" for f in state["files"])
    assert [f["entries_read"] for f in state["files"]] == [1, 1, 1, 1]
    (rejected,) = state["rejected"]
    # named as the runner sent it, not where it waited on the server
    assert rejected["path"] == "broken run.fit"
    assert rejected["reason"]
    assert "broken run.fit" in state["html"]


def test_a_runner_bundle_zip_imports_the_journal_too(
    signed_in: Client, django_capture_on_commit_callbacks: Capture, tmp_path: Path
) -> None:
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in sorted(DEMO.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(DEMO).as_posix())
    zipped = SimpleUploadedFile("my-stridelight.zip", bundle.getvalue())
    _, done = upload(signed_in, django_capture_on_commit_callbacks, zipped)
    state = progress(signed_in, done.pk)
    assert state["counts"]["new"] == len(list((DEMO / "activities").iterdir()))
    assert m.Shoe.objects.exists()


def test_progress_is_written_while_the_files_are_read(
    ann: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a poll between two files sees: the count so far and the file read."""
    monkeypatch.setattr(uploads, "PROGRESS_EVERY_S", 0.0)
    seen: list[tuple[str, int, str]] = []
    entry = uploads._Tracker.entry

    def watched(tracker: uploads._Tracker, number: int, total: int | None) -> None:
        entry(tracker, number, total)
        row = m.Upload.objects.get(pk=tracker.upload_id)
        reading = row.files.get(state=m.UploadedFile.State.READING)
        seen.append((row.state, row.entries_read, reading.name))

    monkeypatch.setattr(uploads._Tracker, "entry", watched)
    saved = uploads.upload_save(runner=runner_for(ann), files=[sent(STRAVA)])
    uploads.upload_import(upload_id=saved.pk)
    assert seen == [
        ("reading", n, STRAVA.name) for n in range(1, STRAVA_ACTIVITIES + 1)
    ]


def test_an_upload_over_the_size_limit_is_refused_before_anything_is_kept(
    signed_in: Client, settings: Settings, folders: Path
) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    response = signed_in.post("/me/uploads/", {"files": [sent(STRAVA)]})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not m.Upload.objects.exists()
    assert not folders.exists() or list(folders.iterdir()) == []


@pytest.mark.parametrize("django_also", [True, False])
def test_an_upload_with_too_many_files_is_refused(
    signed_in: Client, settings: Settings, django_also: bool
) -> None:
    settings.UPLOAD_MAX_FILES = 2
    if django_also:  # as the settings set it: Django stops parsing at the third file
        settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [sent(p) for p in real_files("fit", ".fit")[:3]]
    response = signed_in.post("/me/uploads/", {"files": files})
    assert response.status_code == 400
    page = response.content.decode()
    assert "too many files" in page and "Up to 2 files" in page
    assert not m.Upload.objects.exists()


def test_sending_no_file_says_to_choose_one(signed_in: Client) -> None:
    response = signed_in.post("/me/uploads/", {})
    assert response.status_code == 400
    assert "Choose at least one file" in response.content.decode()


def test_the_form_still_needs_its_csrf_token(ann: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ann)
    response = client.post("/me/uploads/", {"files": [sent(STRAVA)]})
    assert response.status_code == 403
    assert not m.Upload.objects.exists()


def test_the_page_lists_past_imports_with_their_counts(
    signed_in: Client, ann: User
) -> None:
    import_sources(user=ann, sources=[STRAVA], workers=0)
    page = signed_in.get("/me/uploads/").content.decode()
    assert "Past imports" in page and "(command line)" in page
    assert (
        f"<td>{STRAVA_ACTIVITIES - m.Activity.objects.filter(duplicate_of__isnull=False).count()}</td>"
        in page
    )


def test_another_runners_upload_answers_404(
    client: Client, ann: User, django_capture_on_commit_callbacks: Capture
) -> None:
    client.force_login(ann)
    _, done = upload(client, django_capture_on_commit_callbacks, sent(STRAVA))
    client.force_login(a_runner("bob@example.com"))
    assert client.get(f"/me/uploads/{done.pk}/").status_code == 404
    assert client.get(f"/me/uploads/{done.pk}/progress/").status_code == 404


def test_signed_out_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get("/me/uploads/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_failed_import_says_so(
    ann: User, monkeypatch: pytest.MonkeyPatch, folders: Path
) -> None:
    def broken(**_: object) -> Iterator[None]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(uploads, "import_sources", broken)
    saved = uploads.upload_save(runner=runner_for(ann), files=[sent(STRAVA)])
    with pytest.raises(RuntimeError):
        uploads.upload_import(upload_id=saved.pk)
    saved.refresh_from_db()
    assert saved.state == "failed" and "stopped" in saved.error
    assert list(folders.iterdir()) == []


def test_the_waiting_files_of_a_runner_can_be_removed_with_their_account(
    ann: User, folders: Path
) -> None:
    """For /me/delete/: an upload the worker has not read yet still has files."""
    uploads.upload_save(runner=runner_for(ann), files=[sent(STRAVA)])
    assert len(list(folders.iterdir())) == 1
    assert uploads.upload_files_remove(runner=runner_for(ann)) == 1
    assert list(folders.iterdir()) == []


def test_a_large_file_django_spooled_to_disk_is_moved_not_copied(
    signed_in: Client,
    django_capture_on_commit_callbacks: Capture,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # the export goes to a temp file
    moved: list[str] = []
    from django.core.files.move import file_move_safe as move

    def counted(source: str, target: str) -> None:
        moved.append(source)
        move(source, target)

    monkeypatch.setattr(uploads, "file_move_safe", counted)
    _, done = upload(signed_in, django_capture_on_commit_callbacks, sent(STRAVA))
    assert len(moved) == 1 and not Path(moved[0]).exists()
    (file,) = done.files.all()
    assert file.size == STRAVA.stat().st_size
    assert progress(signed_in, done.pk)["counts"]["new"] == STRAVA_ACTIVITIES


def test_sent_names_never_leave_the_uploads_folder(ann: User, folders: Path) -> None:
    names = ["???", "../../etc/cron.d/x.fit", "my run (1)?.fit"]
    files = [SimpleUploadedFile(n, b"not an activity") for n in names]
    saved = uploads.upload_save(runner=runner_for(ann), files=files)
    stored = [folders / saved.folder / f.stored_as for f in saved.files.all()]
    assert all(p.resolve().is_relative_to(folders.resolve()) for p in stored)
    assert all(p.is_file() for p in stored)
    assert [p.name for p in stored] == ["upload", "x.fit", "my_run_1.fit"]
