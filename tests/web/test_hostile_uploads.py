"""The hostile corpus (tests/hostile.py) through /me/uploads/, one upload per item.

A browser sends a file's bytes, never a folder or a link: each activity file is
sent as it is, each bundle folder as the zip a runner would make of it (a link
inside stored as a link entry, as ``zip --symlinks`` does), the zipped bundles
as they are.  ``link-to-passwd.gpx`` (a link on the command line) has no upload
form: a browser would send the bytes it points to, an ordinary file.

Each refused item is named, as sent, with its problem in the upload's rejected
files and on its page; the runner's rows and stored files do not change for it;
the waiting folder is gone after the import; the stored originals are named by
their sha256 in the data folder, not under the static files, and no address
serves them.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from stridelight.accounts.models import User
from stridelight.runners import models as m
from tests.hostile import FIT, Hostile, write_corpus
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
#: Every model holding a runner's data, to see that nothing else changed.
RUNNER_ROWS = (
    m.Activity,
    m.Shoe,
    m.Ache,
    m.Habit,
    m.Screening,
    m.TherapySession,
    m.Checkin,
)


@pytest.fixture(autouse=True)
def folders(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "files")
    settings.UPLOAD_DIR = tmp_path / "uploads"
    cache.clear()


def as_sent(item: Hostile, corpus: Path) -> SimpleUploadedFile | None:
    """What a browser would send for this item (None: it cannot send it)."""
    path = corpus / item.name
    if path.is_symlink():
        return None
    if path.is_dir():
        return SimpleUploadedFile(f"{path.name}.zip", zipped(path))
    return SimpleUploadedFile(path.name, path.read_bytes())


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3  # Unix: the mode says "link"
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, str(path.readlink()))
            elif path.is_file():
                archive.write(path, name)
    return buffer.getvalue()


def has_link(path: Path) -> bool:
    return path.is_dir() and any(p.is_symlink() for p in path.rglob("*"))


def snapshot(user: User) -> tuple[object, ...]:
    rows = tuple(
        sorted(map(str, model.objects.filter(runner__user=user).values()))
        for model in RUNNER_ROWS
    )
    files = sorted(
        p.relative_to(django_settings.MEDIA_ROOT).as_posix()
        for p in Path(django_settings.MEDIA_ROOT).rglob("*")
        if p.is_file()
    )
    return rows, tuple(files)


def send(client: Client, capture: Capture, file: SimpleUploadedFile) -> m.Upload:
    with capture(execute=True):
        response = client.post("/me/uploads/", {"files": [file]})
    assert response.status_code == 302, response.content.decode()[:300]
    upload = m.Upload.objects.order_by("-pk").first()
    assert upload is not None and upload.state == m.Upload.State.DONE, upload
    return upload


def test_every_hostile_item_through_the_upload_page_is_named_and_loses_nothing(
    client: Client, django_capture_on_commit_callbacks: Capture, tmp_path: Path
) -> None:
    ann = a_runner()
    client.force_login(ann)
    # A run already stored, whose row and file must outlive everything below.
    send(
        client,
        django_capture_on_commit_callbacks,
        SimpleUploadedFile("run.fit", FIT.read_bytes()),
    )
    corpus = tmp_path / "corpus"
    items = write_corpus(corpus)
    sent = 0
    for item in items:
        file = as_sent(item, corpus)
        if file is None:
            continue
        before = snapshot(ann)
        upload = send(client, django_capture_on_commit_callbacks, file)
        sent += 1
        rejected = list(
            m.RejectedFile.objects.filter(run=upload.run).values_list("path", "reason")
        )
        named = [(p, r) for p, r in rejected if p.startswith(str(file.name))]
        if item.refused:
            assert named, (item.name, rejected)
            # A link in a zip is refused as a link (a folder's: out of the bundle).
            problem = "a link" if has_link(corpus / item.name) else item.problem
            # The problem, in the entry's path inside the file or in the reason.
            told = [
                (p.removeprefix(str(file.name)) + " " + r).lower() for p, r in named
            ]
            assert any(problem in t for t in told), (item, named)
            assert snapshot(ann) == before, f"{item.name} changed the runner's data"
            page = client.get(f"/me/uploads/{upload.pk}/").content.decode()
            assert str(file.name) in page, item.name
        # Whatever was read or refused, the waiting folder is gone.
        assert not (Path(django_settings.UPLOAD_DIR) / upload.folder).exists()
    assert sent == len(items) - 1  # all but the link
    assert not list(tmp_path.rglob("escaped*")), "a zip entry escaped"
    assert not Path("/tmp/absolute.fit").exists()


def test_stored_originals_have_random_names_outside_the_web_root_and_are_not_served(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    client.force_login(a_runner())
    send(
        client,
        django_capture_on_commit_callbacks,
        SimpleUploadedFile("my-morning-run.fit", FIT.read_bytes()),
    )
    media = Path(django_settings.MEDIA_ROOT)
    stored = [p for p in media.rglob("*") if p.is_file()]
    assert len(stored) == 1
    (original,) = stored
    # Named by its content's sha256, never by the name it was sent with.
    assert "morning" not in original.as_posix()
    assert len(original.name.split(".")[0]) == 64
    static = Path(django_settings.STATIC_ROOT).resolve()
    assert not original.resolve().is_relative_to(static)
    relative = original.relative_to(media).as_posix()
    for prefix in ("/", "/media/", "/static/", "/files/", "/me/"):
        assert client.get(prefix + relative).status_code == 404, prefix
