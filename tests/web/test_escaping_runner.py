"""Hostile text a runner types (or sends in a file) is shown as text everywhere.

Each test stores ``<script>…<img onerror…>"'&`` through the form or upload a
runner uses, then opens every page that shows it back as the person who sees
it: the runner's pages, the report and the page its PDF is printed from, the
therapist's brief, and the admin's pages of the rows (a superuser's: no staff
role holds the runners' model permissions).  test_escaping.py names the test of
each field and checks that every text field of the models has one.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from stridelight.accounts.models import User
from stridelight.clinic.models_notes import CarePlan
from stridelight.runners import models as m
from stridelight.runners.imports import import_sources
from tests.conftest import REAL
from tests.web.escaping import (
    assert_shown_escaped,
    check,
    hostile,
    hostile_clause,
    hostile_short,
    opened,
    spy_on_printing,
)
from tests.web.staff import sign_in
from tests.web.workspace_setup import NOW, Clinic, make_workspace

pytestmark = pytest.mark.django_db
FIT = REAL / "fit" / "fitparse__2013-02-06-12-11-14.fit"
#: An upload's file name as a browser sends it: no "/" (the name's last part is
#: kept) and no '"' (it would end the multipart header's quoted name).
FILE_NAME = "<img src=x onerror=alert(1)>'&<b>"


@dataclass(frozen=True)
class World:
    clinic: Clinic
    runner: Client  # the runner who shares their data with the clinic
    therapist: Client  # Ann, whose 10:00 visit is with that runner
    admin: Client  # the clinic admin: the care plans in the admin
    superuser: Client  # the only one who may open the runners' rows in the admin

    @property
    def brief(self) -> str:
        return f"/clinic/appointments/{self.clinic.shared_visit.pk}/brief/"

    @property
    def client_page(self) -> str:
        return f"/clinic/clients/{self.clinic.sharing.pk}/"


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> Iterator[World]:
    settings.MEDIA_ROOT = str(tmp_path / "files")
    settings.UPLOAD_DIR = tmp_path / "uploads"
    with time_machine.travel(NOW, tick=False):
        clinic = make_workspace()
        runner, therapist, admin, superuser = Client(), Client(), Client(), Client()
        runner.force_login(clinic.sharing)
        sign_in(therapist, clinic.ann.user)
        sign_in(admin, clinic.admin)
        root = User.objects.create_superuser("root@clinic.example", "x")
        sign_in(superuser, root)
        yield World(clinic, runner, therapist, admin, superuser)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return spy_on_printing(monkeypatch)


def test_a_shoe_name_typed_on_the_shoes_page_is_text_wherever_the_pair_is_named(
    world: World, printed: list[str]
) -> None:
    name = hostile("shoe")
    added = world.runner.post("/me/shoes/", {"name": name}, follow=True)
    # The list, its buttons' names and the "Added …" message.
    assert_shown_escaped(added.content.decode(), name, where="/me/shoes/ after adding")
    import_sources(user=world.clinic.sharing, sources=[FIT], workers=0)
    activity = m.Activity.objects.get(runner__user=world.clinic.sharing)
    shoe = m.Shoe.objects.get(name=name)
    pages = ("/me/", "/me/activities/", f"/me/activities/{activity.pk}/", "/me/report/")
    check(world.runner, dict.fromkeys(pages, (name,)))
    assert world.runner.get("/me/report/pdf/")["Content-Type"] == "application/pdf"
    assert_shown_escaped(printed[-1], name, where="the page the PDF is printed from")
    check(world.therapist, {world.brief: (name,)})
    admin = ("/admin/runners/shoe/", f"/admin/runners/shoe/{shoe.pk}/change/")
    check(world.superuser, dict.fromkeys(admin, (name,)))


def checkin(note: str) -> dict[str, str]:
    """A check-in of one heel ache with ``note``, "none of these apply" ticked."""
    ache = {"region": "heel", "side": "left", "intensity": "4", "timing": "after_run"}
    return {
        "ache-TOTAL_FORMS": "1",
        "ache-INITIAL_FORMS": "0",
        **{f"ache-0-{k}": v for k, v in {**ache, "notes": note}.items()},
        "none_apply": "on",
    }


def test_an_aches_note_from_the_check_in_is_text_where_its_words_are_quoted(
    world: World, printed: list[str]
) -> None:
    # "toes numb" raises the numbness flag, and every page that says why quotes
    # the clause it was read from: here the whole note.
    note = "toes numb " + hostile_clause("ache")
    saved = world.runner.post("/me/check-in/", checkin(note), follow=True)
    assert_shown_escaped(saved.content.decode(), note, where="/me/check-in/ after it")
    check(world.runner, {"/me/": (note,), "/me/report/": (note,)})
    world.runner.get("/me/report/pdf/")
    assert_shown_escaped(printed[-1], note, where="the page the PDF is printed from")
    check(world.therapist, {world.brief: (note,), world.client_page: (note,)})
    ache = m.Ache.objects.get(notes=note)
    check(world.superuser, {f"/admin/runners/ache/{ache.pk}/change/": (note,)})
    # The care plan keeps the suggestion's reason, which quotes the note.
    plan = {"action": "plan", "cadence": "monthly"}
    assert world.therapist.post(world.client_page, plan).status_code == 302
    kept = CarePlan.objects.get(runner=world.clinic.sharing)
    assert note in kept.suggested_why
    check(world.admin, {f"/admin/clinic/careplan/{kept.pk}/change/": (note,)})


def sent(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def uploaded(world: World, capture: Any, *files: SimpleUploadedFile) -> m.Upload:
    """POST the files on /me/uploads/; the import runs when they are committed."""
    with capture(execute=True):
        response = world.runner.post("/me/uploads/", {"files": list(files)})
    assert response.status_code == 302, response.content.decode()[:300]
    return m.Upload.objects.latest("id")


def test_an_uploaded_files_own_name_is_text_on_its_upload_page_and_in_the_admin(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    run, junk = FILE_NAME + ".fit", FILE_NAME + ".gpx"
    upload = uploaded(
        world,
        django_capture_on_commit_callbacks,
        sent(run, FIT.read_bytes()),
        sent(junk, b"not a recording"),
    )
    assert set(upload.files.values_list("name", flat=True)) == {run, junk}
    assert m.RejectedFile.objects.get().path == junk  # named as sent
    page = f"/me/uploads/{upload.pk}/"
    check(world.runner, {page: (run, junk)})
    progress = json.loads(opened(world.runner, page + "progress/"))
    assert_shown_escaped(progress["html"], run, junk, where="the progress' markup")
    # The recording is stored under a name made safe for a path, shown as is.
    assert m.Activity.objects.get().path == "img_srcx_onerroralert1b.fit"
    admin = f"/admin/runners/importrun/{upload.run_id}/change/"
    check(world.superuser, {admin: (junk,)})


# --- a runner bundle: every free text its runner.json and files may hold ---------

EXTRA_ROWS = (
    "bundle", "runner", "shoe", "activity", "ache", "habit", "screening",
    "session", "finding", "checkin",
)  # fmt: skip
#: Every text of the bundle below, by what it is.
BUNDLE = {
    "runner": hostile("runner-name"),
    "shoe_key": hostile("shoe-key"),
    "shoe_name": hostile("shoe-name"),
    "shoe_category": hostile_short("category"),  # 50 characters at most
    "activity_notes": "maybe a fever " + hostile_clause("activity-notes"),
    "activity_name": hostile("activity-name"),
    "device": hostile("device"),
    "ache_quality": hostile("ache-quality"),
    "ache_notes": "maybe numb toes " + hostile_clause("ache-notes"),
    "habit_target": hostile("habit-target"),
    # Keys Stridelight does not know, kept for the export (each row's ``extra``).
    **{f"{row}_extra": hostile(f"{row}-extra") for row in EXTRA_ROWS},
}
RUN_FILE = "activities/" + FILE_NAME + ".gpx"
EXTRA_MODELS = (
    m.Runner, m.Shoe, m.Activity, m.Ache, m.Habit, m.Screening, m.TherapySession,
    m.Finding, m.Checkin,
)  # fmt: skip


def gpx(name: str, creator: str) -> str:
    """A short run the day before the visit, its name and creator as given."""
    points = "".join(
        f'<trkpt lat="{40.67 + n * 0.0004:.4f}" lon="-73.94">'
        f"<time>2027-05-03T10:{n:02d}:00Z</time></trkpt>"
        for n in range(30)
    )
    return (
        f'<?xml version="1.0"?><gpx version="1.1" creator="{creator}" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{name}</name><type>running</type><trkseg>{points}</trkseg>"
        "</trk></gpx>"
    )


def bundle_zip(runner_json: dict[str, Any], files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("runner.json", json.dumps(runner_json))
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def hostile_bundle() -> bytes:
    b = BUNDLE
    heel = {"region": "heel", "side": "left"}
    runner_json = {
        "format": "stridelight-bundle",
        "version": 1,
        "app": b["bundle_extra"],
        "runner": {
            "name": b["runner"],
            "time_zone": "America/New_York",
            "nickname": b["runner_extra"],
        },
        "shoes": [
            {
                "id": b["shoe_key"],
                "name": b["shoe_name"],
                "category": b["shoe_category"],
                "colour": b["shoe_extra"],
            }
        ],
        "activities": [
            {
                "file": RUN_FILE,
                "shoe": b["shoe_key"],
                "notes": b["activity_notes"],
                "weather": b["activity_extra"],
            }
        ],
        "aches": [
            {
                "at": "2027-05-03T19:00:00-04:00",
                **heel,
                "intensity": 5,
                "quality": [b["ache_quality"]],
                "notes": b["ache_notes"],
                "mood": b["ache_extra"],
            }
        ],
        "habits": [
            {
                "date": "2027-05-03",
                "kind": "hydration",
                "liters": 1.5,
                "targets": {b["habit_target"]: 2},
                "bottle": b["habit_extra"],
            }
        ],
        "screenings": [
            {"date": "2027-05-03", "test": "slr_deg", "side": "left", "value": 70,
             "by": b["screening_extra"]}
        ],
        "sessions": [
            {"date": "2027-04-20", "kind": "mfr", "room": b["session_extra"],
             "findings": [{**heel, "restriction": 2, "by": b["finding_extra"]}]}
        ],
        # Answered before the ache and the run: their questions still stand.
        "checkins": [{"date": "2027-04-20", "red_flags": [], "by": b["checkin_extra"]}],
    }  # fmt: skip
    run = gpx(xml_escape(b["activity_name"]), xml_escape(b["device"], {'"': "&quot;"}))
    return bundle_zip(runner_json, {RUN_FILE: run})


def as_json(*values: object) -> tuple[str, ...]:
    """JSON columns as the admin shows them (``display_for_field``)."""
    return tuple(json.dumps(v, ensure_ascii=False) for v in values)


def refused_bundle() -> bytes:
    """A bundle whose activity names a shoe it does not have: the reason quotes it."""
    runner_json = {
        "format": "stridelight-bundle",
        "version": 1,
        "runner": {"time_zone": "UTC"},
        "activities": [{"file": "activities/a.gpx", "shoe": hostile("reason")}],
    }
    return bundle_zip(runner_json, {"activities/a.gpx": gpx("a", "b")})


def test_every_text_of_an_uploaded_bundle_is_text_wherever_it_is_shown(
    world: World, printed: list[str], django_capture_on_commit_callbacks: Any
) -> None:
    b = BUNDLE
    upload = uploaded(
        world,
        django_capture_on_commit_callbacks,
        sent("bundle.zip", hostile_bundle()),
        sent(FILE_NAME + ".zip", refused_bundle()),
    )
    activity = m.Activity.objects.get(runner__user=world.clinic.sharing)
    shoe, ache = m.Shoe.objects.get(), m.Ache.objects.get(notes=b["ache_notes"])
    habit = m.Habit.objects.get(kind="hydration")
    assert activity.name == b["activity_name"] and activity.path == RUN_FILE
    assert activity.device == b["device"] and shoe.category == b["shoe_category"]
    assert b["habit_target"] in habit.targets
    stored = json.dumps(
        [row.extra for model in EXTRA_MODELS for row in model.objects.all()]
        + [m.Runner.objects.get(user=world.clinic.sharing).bundle_extra]
    )
    for row in EXTRA_ROWS:  # every unknown key kept, none shown below
        assert json.dumps(b[f"{row}_extra"])[1:-1] in stored, row
    # The activity's and the ache's notes are quoted as the questions they raise.
    notes = (b["activity_notes"], b["ache_notes"])
    runner_pages = {
        "/me/": (b["shoe_name"], *notes),
        "/me/shoes/": (b["shoe_name"],),
        "/me/activities/": (b["shoe_name"],),
        f"/me/activities/{activity.pk}/": (
            b["activity_name"],
            b["shoe_name"],
            RUN_FILE,
        ),
        "/me/report/": (b["runner"], b["shoe_name"], b["shoe_key"], *notes),
    }
    check(world.runner, runner_pages)
    world.runner.get("/me/report/pdf/")
    assert_shown_escaped(printed[-1], b["runner"], b["shoe_name"], where="the PDF's")
    staff_pages = {
        world.brief: (b["shoe_name"], b["ache_quality"], *notes),
        world.client_page: (),
    }
    check(world.therapist, staff_pages)
    runner = m.Runner.objects.get(user=world.clinic.sharing)
    admin = {
        "/admin/runners/runner/": (),
        f"/admin/runners/runner/{runner.pk}/change/": (
            b["runner"],
            *as_json(runner.extra, runner.bundle_extra),
        ),
        "/admin/runners/activity/": (RUN_FILE,),
        f"/admin/runners/shoe/{shoe.pk}/change/": (
            b["shoe_name"],
            b["shoe_key"],
            b["shoe_category"],
            *as_json(shoe.extra),
        ),
        f"/admin/runners/activity/{activity.pk}/change/": (
            b["activity_name"],
            b["activity_notes"],
            b["device"],
            *as_json(activity.extra),
        ),
        f"/admin/runners/ache/{ache.pk}/change/": (
            b["ache_notes"],
            *as_json(ache.quality, ache.extra),
        ),
        f"/admin/runners/habit/{habit.pk}/change/": as_json(habit.targets, habit.extra),
        **{
            f"/admin/runners/{model.__name__.lower()}/{row.pk}/change/": as_json(
                row.extra
            )
            for model in (m.Screening, m.TherapySession, m.Checkin)
            for row in model.objects.all()
        },
    }
    check(world.superuser, admin)
    # The refused bundle: named as sent, and its reason quoting the unknown shoe.
    rejected = m.RejectedFile.objects.get()
    assert rejected.path == FILE_NAME + ".zip/runner.json"
    assert repr(hostile("reason")) in rejected.reason
    shown = (rejected.path, rejected.reason)
    check(world.runner, {f"/me/uploads/{upload.pk}/": shown})
    check(world.superuser, {f"/admin/runners/importrun/{upload.run_id}/change/": shown})
