"""/me/report/, /me/export/ and /me/delete/: the runner's own, and nobody else's.

Export and deletion ask for the password again; deletion leaves no row and no
stored file of the runner's behind (a file another runner also imported stays).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from pytest_django import Settings

from stridelight.accounts.models import Role, User
from stridelight.clinic.models import Appointment
from stridelight.clinic.services import book
from stridelight.report import render_fragment
from stridelight.runners import models as m
from stridelight.runners import services
from stridelight.runners.analysis import analysis
from tests.conftest import ROOT
from tests.web.clinic_setup import NOW, at, make_clinic, service
from tests.web.store import a_runner
from tests.web.stored import store_bundle

pytestmark = pytest.mark.django_db
DEMO = ROOT / "samples" / "demo-runner"
DEMO_TODAY = date(2026, 11, 20)  # two days after the demo's newest run
PASSWORD = "long and unusual phrase"  # tests.web.store.a_runner's
ROWS = (
    m.Runner, m.Activity, m.Shoe, m.Ache, m.Habit, m.Screening,
    m.TherapySession, m.Finding, m.Checkin, m.ImportRun, m.RejectedFile,
)  # fmt: skip


@pytest.fixture(autouse=True)
def own_storage_and_cache(tmp_path: Path, settings: Settings) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ann(client: Client) -> User:
    """A runner with the demo's data and files, signed in."""
    user = a_runner("ann@example.com")
    store_bundle(user, DEMO)
    client.force_login(user)
    return user


def _body(response: HttpResponseBase) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return response.getvalue()


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("address", ["/me/report/", "/me/export/", "/me/delete/"])
def test_the_pages_ask_a_stranger_to_log_in(client: Client, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("address", ["/me/report/", "/me/export/", "/me/delete/"])
@pytest.mark.parametrize("role", [Role.THERAPIST, Role.CLINIC_ADMIN])
def test_staff_have_no_runner_pages(client: Client, address: str, role: Role) -> None:
    client.force_login(User.objects.create_user("t@example.com", PASSWORD, role=role))
    assert client.get(address).status_code == 404


@time_machine.travel(datetime(2026, 11, 20, 15, tzinfo=UTC), tick=False)
def test_the_report_page_holds_the_report_of_the_runners_own_data(
    client: Client, ann: User
) -> None:
    response = client.get("/me/report/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<div class="report report-web">' in page
    assert "/me/report/report.css" in page
    assert "<style" not in page and "style=" not in page  # the CSP to come
    # the runner's own analysis, as of today
    shown = response.context["analysis"]
    assert shown.to_json() == analysis(user=ann, as_of=DEMO_TODAY).to_json()
    assert shown.data.activities > 0
    assert "20 November 2026" in page


def test_a_new_runner_gets_a_report_that_says_what_is_missing(client: Client) -> None:
    user = a_runner("new@example.com")
    client.force_login(user)
    response = client.get("/me/report/")
    assert response.status_code == 200
    assert "not assessed" in response.content.decode().lower()


def test_the_report_stylesheet_is_served_as_css(client: Client) -> None:
    client.force_login(a_runner("new@example.com"))
    response = client.get("/me/report/report.css")
    assert response["Content-Type"].startswith("text/css")
    assert b".report h2" in response.content


def test_the_pdf_is_a_pdf_to_download(client: Client) -> None:
    client.force_login(a_runner("new@example.com"))
    response = client.get("/me/report/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")


def test_the_export_needs_the_password(client: Client, ann: User) -> None:
    response = client.post("/me/export/", {"password": "not it"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "That is not your password." in page
    assert 'aria-invalid="true"' in page


def test_the_export_is_the_runners_own_bundle_with_every_file(
    client: Client, ann: User
) -> None:
    bob = a_runner("bob@example.com")
    services.runner_for(bob)
    response = client.post("/me/export/", {"password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(_body(response))) as bundle:
        names = bundle.namelist()
        document = json.loads(bundle.read("runner.json"))
    assert document["format"] == "stridelight-bundle"
    activities = [n for n in names if n.startswith("activities/")]
    assert len(activities) == m.Activity.objects.filter(runner__user=ann).count() > 0
    # the other runner's export is empty: nothing of ann's in it
    client.force_login(bob)
    theirs = client.post("/me/export/", {"password": PASSWORD})
    with zipfile.ZipFile(io.BytesIO(_body(theirs))) as bundle:
        assert [n for n in bundle.namelist() if n.startswith("activities/")] == []


def test_a_wrong_password_deletes_nothing(client: Client, ann: User) -> None:
    response = client.post("/me/delete/", {"password": "not it"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=ann.pk).exists()


def test_deleting_removes_the_account_every_row_and_every_file(
    client: Client, ann: User, settings: Settings
) -> None:
    media = Path(settings.MEDIA_ROOT)
    files = _stored_files(media)
    assert files, "the demo's originals should be stored"
    as_of = m.Activity.objects.filter(runner__user=ann).latest("start").start.date()
    analysis(user=ann, as_of=as_of)  # cached, as a visit to /me/ would
    runner_pk = ann.runner.pk
    assert cache.get(f"stridelight:analysis-keys:{runner_pk}")

    response = client.post("/me/delete/", {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "deleted" in response.content.decode()
    assert not User.objects.filter(pk=ann.pk).exists()
    for model in ROWS:
        assert not model.objects.exists(), model.__name__
    assert _stored_files(media) == []
    assert cache.get(f"stridelight:analysis-keys:{runner_pk}") is None
    assert "_auth_user_id" not in client.session
    assert client.get("/me/report/").status_code == 302


def test_a_file_another_runner_also_imported_stays_for_them(
    client: Client, ann: User
) -> None:
    shared = m.Activity.objects.filter(runner__user=ann).first()
    assert shared is not None
    bob = services.runner_for(a_runner("bob@example.com"))
    m.Activity.objects.create(
        runner=bob, path="run.fit", start=shared.start, sport="running",
        duration_s=60, distance_m=100, format="fit", sha256=shared.sha256,
        original=shared.original.name,
    )  # fmt: skip
    client.post("/me/delete/", {"password": PASSWORD})
    assert shared.original.name
    assert default_storage.exists(shared.original.name)
    assert m.Activity.objects.filter(runner=bob).count() == 1


def test_deleting_leaves_the_clinics_appointment_without_the_account(
    client: Client,
) -> None:
    ann = a_runner("ann@example.com")
    client.force_login(ann)
    make_clinic()
    book(
        service=service("discovery-visit"), start=at("10:00"), name="Ann",
        email="ann@example.com", phone="718 555 0100", now=NOW, runner=ann,
    )  # fmt: skip
    client.post("/me/delete/", {"password": PASSWORD})
    (kept,) = Appointment.objects.all()
    assert kept.runner is None
    assert kept.client_email == "ann@example.com"  # the clinic's record (docs/web.md)


def test_the_report_is_drawn_again_only_when_the_data_changed(client: Client) -> None:
    user = a_runner("new@example.com")
    runner = services.runner_for(user)
    client.force_login(user)
    draw = mock.Mock(wraps=render_fragment)
    index = f"stridelight:analysis-keys:{runner.pk}"
    with mock.patch("stridelight.runners.views_account.render_fragment", draw):
        first = client.get("/me/report/").context["report"]
        assert client.get("/me/report/").context["report"] == first
        assert draw.call_count == 1
        before = cache.get(index)
        assert len(before) == 2  # the analysis and the page's report
        services.data_changed(runner)
        client.get("/me/report/")
        assert draw.call_count == 2
    after = cache.get(index)
    assert len(after) == 2 and not set(after) & set(before)
    assert cache.get_many(before) == {}  # an older version's entries are gone
    services.account_delete(user=user)
    assert cache.get_many([*after, index]) == {}
