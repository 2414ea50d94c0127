"""Every address × every role → the answer it must get (issue #12, docs/security.md).

The addresses come from the URL configuration itself (``get_resolver()`` walked
recursively): an address added without a row here fails
``test_every_address_has_a_row``.  Each row says how to fill the address's
parameters with runner A's objects (tests/web/matrix_setup.py) and what each
role gets, in ``ROLES`` order: anonymous, runner A, runner B, a therapist with
A's consent (A's therapist), a therapist without it, a clinic admin.

Answers: a status code, ``login`` (302 to the log-in page), ``admin-login``
(302 to the admin's log-in page) or ``302:/path/`` (another redirect).
Another person's object answers 404, never 403 and never 200.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django import Settings

from stridelight.runners import models as m
from tests.web.matrix_setup import ROLES, Matrix, make_matrix
from tests.web.workspace_setup import NOW

pytestmark = pytest.mark.django_db

# The answers each kind of address gives, one per role (ROLES order).
PUBLIC = ("200",) * 6
#: Every /me/ page (runners.access): a runner's own; staff get 404, as if the
#: runner's pages were not there.
RUNNER_ONLY = ("login", "200", "200", "404", "404", "404")
#: A's object on a page that only takes a POST: for a runner the method is
#: refused first, so the answer tells no one whether the object exists (POSTS
#: below); staff get the 404 of every /me/ address before that.
POST_ONLY = ("login", "405", "405", "404", "404", "404")
#: A's object on a runner's page: only A; everyone else as if it did not exist.
A_ONLY = ("login", "200", "404", "404", "404", "404")
#: Any signed-in person's page.
SIGNED_IN = ("login", "200", "200", "200", "200", "200")
#: The second step: runners are offered to enrol, staff asked for a code.
TWO_FACTOR = ("login",) + ("302:/accounts/two-factor/setup/",) * 2 + ("200",) * 3
#: A booking step opened out of order goes back to the start.
TO_BOOK = ("302:/book/",) * 6
#: A booking link's actions take a POST; a GET shows the booking (its token is
#: the key: whoever holds the link, as in the e-mail).
TO_MANAGE = ("302:/manage/{token}/",) * 6
#: The workspace: staff only (runners 404, as if it were not there).
WORKSPACE = ("login", "404", "404", "200", "200", "200")
#: A's data in the workspace: A's therapist and the clinic admin, with consent.
A_CLIENT = ("login", "404", "404", "200", "404", "200")
#: A's clinical notes: A's therapist only; a clinic admin needs a grant (issue 12).
A_NOTES = ("login", "404", "404", "200", "404", "404")
#: The admin's pages a staff member without the model's permission reaches.
ADMIN_NO_PERMISSION = (
    "admin-login",
    "admin-login",
    "admin-login",
    "403",
    "403",
    "403",
)
#: The admin's pages every staff member opens (the index lists only what they may see).
ADMIN_STAFF = ("admin-login", "admin-login", "admin-login", "200", "200", "200")
#: The audit log: clinic admins read it, no one writes it (audit.admin).
AUDIT_READ = ("admin-login", "admin-login", "admin-login", "403", "403", "200")
ADMIN_NOT_FOUND = ("admin-login",) * 3 + ("404",) * 3


def admin_redirect(to: str) -> tuple[str, ...]:
    return ("admin-login",) * 3 + (f"302:{to}",) * 3


#: Addresses outside the admin: pattern → (address filled from matrix_setup's ids, answers).
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "": ("/", PUBLIC),
    "healthz": ("/healthz", PUBLIC),
    "manifest.webmanifest": ("/manifest.webmanifest", PUBLIC),
    "learn/": ("/learn/", PUBLIC),
    "learn/<slug:slug>/": ("/learn/{learn_slug}/", PUBLIC),
    # accounts
    "accounts/login/": ("/accounts/login/", PUBLIC),
    "accounts/logout/": ("/accounts/logout/", ("405",) * 6),
    "accounts/signup/": ("/accounts/signup/", PUBLIC),
    "accounts/signup/done/": ("/accounts/signup/done/", PUBLIC),
    "accounts/confirm/<uidb64>/<token>/": (
        "/accounts/confirm/{uid}/{bad_token}/",
        ("400",) * 6,
    ),
    "accounts/password-reset/": ("/accounts/password-reset/", PUBLIC),
    "accounts/password-reset/sent/": ("/accounts/password-reset/sent/", PUBLIC),
    "accounts/reset/<uidb64>/<token>/": ("/accounts/reset/{uid}/{bad_token}/", PUBLIC),
    "accounts/reset/done/": ("/accounts/reset/done/", PUBLIC),
    "accounts/two-factor/": ("/accounts/two-factor/", TWO_FACTOR),
    "accounts/two-factor/setup/": ("/accounts/two-factor/setup/", SIGNED_IN),
    # a new e-mail address: anyone signed in (staff past the second factor)
    "accounts/email/": ("/accounts/email/", SIGNED_IN),
    "accounts/email/confirm/<uidb64>/<token>/": (
        "/accounts/email/confirm/{uid}/{bad_token}/",
        ("400",) * 6,
    ),
    # the runner's pages
    "me/": ("/me/", RUNNER_ONLY),
    "me/uploads/": ("/me/uploads/", RUNNER_ONLY),
    "me/uploads/<int:pk>/": ("/me/uploads/{upload}/", A_ONLY),
    "me/uploads/<int:pk>/progress/": ("/me/uploads/{upload}/progress/", A_ONLY),
    "me/activities/": ("/me/activities/", RUNNER_ONLY),
    "me/activities/<int:pk>/": ("/me/activities/{activity}/", A_ONLY),
    "me/activities/<int:pk>/shoe/": ("/me/activities/{activity}/shoe/", POST_ONLY),
    "me/shoes/": ("/me/shoes/", RUNNER_ONLY),
    "me/shoes/<int:pk>/": ("/me/shoes/{shoe}/", POST_ONLY),
    "me/habits/": ("/me/habits/", RUNNER_ONLY),
    "me/habits/<int:pk>/delete/": ("/me/habits/{habit}/delete/", POST_ONLY),
    "me/screenings/": ("/me/screenings/", RUNNER_ONLY),
    "me/screenings/<int:pk>/delete/": ("/me/screenings/{screening}/delete/", POST_ONLY),
    "me/report/": ("/me/report/", RUNNER_ONLY),
    "me/report/pdf/": ("/me/report/pdf/", RUNNER_ONLY),
    "me/report/report.css": ("/me/report/report.css", RUNNER_ONLY),
    "me/export/": ("/me/export/", RUNNER_ONLY),
    "me/delete/": ("/me/delete/", RUNNER_ONLY),
    "me/check-in/": ("/me/check-in/", RUNNER_ONLY),
    "me/sharing/": ("/me/sharing/", RUNNER_ONLY),
    "me/psfs/": ("/me/psfs/", RUNNER_ONLY),
    # a PSFS link from an e-mail: signed, once; a forged one is gone for everyone
    "psfs/<str:token>/": ("/psfs/forged-token/", ("410",) * 6),
    # booking (public) and the booking's own link (whoever holds the token)
    "book/": ("/book/", PUBLIC),
    "book/see-a-physician/": ("/book/see-a-physician/", PUBLIC),
    "book/service/": ("/book/service/", TO_BOOK),
    "book/details/": ("/book/details/", TO_BOOK),
    "book/details/extend/": ("/book/details/extend/", ("405",) * 6),
    "book/confirmed/": ("/book/confirmed/", TO_BOOK),
    "book/<slug:slug>/": ("/book/{service_slug}/", TO_BOOK),
    "book/<slug:slug>/<str:day>/": ("/book/{service_slug}/{visit_day}/", TO_BOOK),
    "manage/<str:token>/": ("/manage/{token}/", PUBLIC),
    "manage/<str:token>/cancel/": ("/manage/{token}/cancel/", TO_MANAGE),
    "manage/<str:token>/reschedule/": ("/manage/{token}/reschedule/", TO_MANAGE),
    # the workspace
    "clinic/": ("/clinic/", WORKSPACE),
    "clinic/clients/<int:runner_id>/": ("/clinic/clients/{runner_a}/", A_CLIENT),
    "clinic/appointments/<int:appointment_id>/brief/": (
        "/clinic/appointments/{appointment}/brief/",
        A_CLIENT,
    ),
    "clinic/appointments/<int:appointment_id>/notes/": (
        "/clinic/appointments/{appointment}/notes/",
        A_NOTES,
    ),
    # the public API
    "api/v1/services": ("/api/v1/services", PUBLIC),
    "api/v1/slots": ("/api/v1/slots", ("400",) * 6),
    "api/v1/bookings": ("/api/v1/bookings", ("405",) * 6),
    "api/v1/openapi.json": ("/api/v1/openapi.json", PUBLIC),
}

#: The admin's own pages: pattern → (address, answers).
ADMIN_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "admin/": ("/admin/", ADMIN_STAFF),
    "admin/login/": ("/admin/login/", ("200",) * 3 + ("302:/admin/",) * 3),
    "admin/logout/": ("/admin/logout/", ("302:/admin/",) * 3 + ("405",) * 3),
    "admin/password_change/": ("/admin/password_change/", ADMIN_STAFF),
    "admin/password_change/done/": ("/admin/password_change/done/", ADMIN_STAFF),
    "admin/autocomplete/": ("/admin/autocomplete/", ADMIN_NO_PERMISSION),
    "admin/jsi18n/": ("/admin/jsi18n/", ADMIN_STAFF),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        "/admin/r/{user_ct}/{runner_a}/",
        ADMIN_NOT_FOUND,
    ),
    "admin/otp_totp/totpdevice/<int:pk>/config/": (
        "/admin/otp_totp/totpdevice/{totpdevice}/config/",
        ADMIN_NO_PERMISSION,
    ),
    "admin/otp_totp/totpdevice/<int:pk>/qrcode/": (
        "/admin/otp_totp/totpdevice/{totpdevice}/qrcode/",
        ADMIN_NO_PERMISSION,
    ),
    "admin/accounts/user/<id>/password/": (
        "/admin/accounts/user/{runner_a}/password/",
        ADMIN_NO_PERMISSION,
    ),
    # An app's page with no model the person may see is not there.
    "admin/^(?P<app_label>auth|otp_totp|otp_static|axes|django_tasks_database"
    "|accounts|runners|clinic|audit)/$": ("/admin/axes/", ADMIN_NOT_FOUND),
    "admin/(?P<url>.*)$": ("/admin/no-such-page/", ADMIN_NOT_FOUND),
}

#: Every model in the admin → the id (matrix_setup) of the row its object pages
#: open ("missing": a row that does not exist) and who may read it: "nobody"
#: (no staff role holds the model's permissions: only a superuser), "audit"
#: (clinic admins read the audit log), "clinic" (clinic admins run the clinic's
#: set-up: read, add, change, delete) or "clinic-read" (clinic admins read; the
#: booking service and the workers write these rows).  Runners' health data is in no staff
#: role's admin: therapists and clinic admins see it through the workspace.
ADMIN_MODELS: dict[str, tuple[str, str]] = {
    "auth/group": ("group", "nobody"),
    "otp_totp/totpdevice": ("totpdevice", "nobody"),
    "otp_static/staticdevice": ("staticdevice", "nobody"),
    "axes/accessattempt": ("missing", "nobody"),
    "axes/accesslog": ("missing", "nobody"),
    "axes/accessfailurelog": ("missing", "nobody"),
    "django_tasks_database/dbtaskresult": ("missing", "nobody"),
    "accounts/user": ("runner_a", "nobody"),
    "runners/runner": ("runner_a_row", "nobody"),
    "runners/activity": ("activity", "nobody"),
    "runners/shoe": ("shoe", "nobody"),
    "runners/ache": ("ache", "nobody"),
    "runners/habit": ("habit", "nobody"),
    "runners/screening": ("screening", "nobody"),
    "runners/therapysession": ("therapysession", "nobody"),
    "runners/checkin": ("checkin", "nobody"),
    "runners/importrun": ("import_run", "nobody"),
    "clinic/clinicsettings": ("clinicsettings", "clinic"),
    "clinic/service": ("service", "clinic"),
    "clinic/therapist": ("therapist", "clinic"),
    "clinic/appointment": ("appointment", "clinic-read"),
    "clinic/reminder": ("missing", "clinic-read"),
    "clinic/careplan": ("missing", "clinic-read"),
    "runners/sharingconsent": ("missing", "clinic-read"),
    "audit/auditentry": ("auditentry", "audit"),
}


#: A reader asking for a row that does not exist: back to the admin's index.
MISSING_FOR_ADMIN = ("admin-login",) * 3 + ("403", "403", "302:/admin/")


def admin_rows() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each admin model's six addresses, from ADMIN_MODELS."""
    rows: dict[str, tuple[str, tuple[str, ...]]] = {}
    for model, (key, readers) in ADMIN_MODELS.items():
        base = f"admin/{model}/"
        obj = f"/{base}{{{key}}}/"
        read = ADMIN_NO_PERMISSION if readers == "nobody" else AUDIT_READ
        write = AUDIT_READ if readers == "clinic" else ADMIN_NO_PERMISSION
        # Django's admin looks the row up before it asks about the history; a
        # reader asking for a missing row is sent back to the index.
        history = admin_redirect("/admin/") if key == "missing" else read
        change = MISSING_FOR_ADMIN if key == "missing" and read is AUDIT_READ else read
        rows[base] = (f"/{base}", read)
        rows[base + "add/"] = (f"/{base}add/", write)
        rows[base + "<path:object_id>/history/"] = (obj + "history/", history)
        rows[base + "<path:object_id>/delete/"] = (obj + "delete/", write)
        rows[base + "<path:object_id>/change/"] = (obj + "change/", change)
        rows[base + "<path:object_id>/"] = (obj, admin_redirect(obj + "change/"))
    return rows


#: The whole table.
URLS: dict[str, str] = {}
EXPECTED: dict[str, tuple[str, ...]] = {}
for _pattern, (_url, _answers) in {**PAGES, **ADMIN_PAGES, **admin_rows()}.items():
    URLS[_pattern], EXPECTED[_pattern] = _url, _answers


def patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    """Every address pattern of the project, its includes walked recursively."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern))
        else:
            assert isinstance(entry, URLPattern)
            yield prefix + str(entry.pattern)


def outcome(response: HttpResponseBase) -> str:
    if response.status_code != 302:
        return str(response.status_code)
    where = response["Location"].split("?")[0]
    if where == "/accounts/login/":
        return "login"
    if where == "/admin/login/":
        return "admin-login"
    return f"302:{where}"


def test_every_address_has_a_row() -> None:
    found = list(patterns())
    assert len(found) == len(set(found)), "an address pattern repeats"
    assert set(found) == set(EXPECTED), (
        f"no row: {sorted(set(found) - set(EXPECTED))}; "
        f"no address: {sorted(set(EXPECTED) - set(found))}"
    )


@pytest.fixture
def matrix(settings: Settings, tmp_path: Path) -> Iterator[Matrix]:
    settings.MEDIA_ROOT = str(tmp_path / "files")
    with time_machine.travel(NOW, tick=False):
        yield make_matrix()


def test_every_role_gets_the_expected_answer_at_every_address(matrix: Matrix) -> None:
    wrong = []
    for pattern, template in URLS.items():
        url = template.format(**matrix.ids)
        for role, expected in zip(ROLES, EXPECTED[pattern], strict=True):
            got = outcome(matrix.clients[role].get(url))
            if got != expected.format(**matrix.ids):
                wrong.append(f"{role} GET {url}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


#: A's objects on the pages that change them (POST): everyone but A gets 404
#: (anonymous: the log-in page) and A's rows stay as they were.
POSTS: dict[str, tuple[str, dict[str, str]]] = {
    "me/shoes/<int:pk>/": ("/me/shoes/{shoe}/", {"action": "retire"}),
    "me/habits/<int:pk>/delete/": ("/me/habits/{habit}/delete/", {}),
    "me/screenings/<int:pk>/delete/": ("/me/screenings/{screening}/delete/", {}),
    "me/activities/<int:pk>/shoe/": ("/me/activities/{activity}/shoe/", {"shoe": ""}),
    "clinic/appointments/<int:appointment_id>/notes/": (
        "/clinic/appointments/{appointment}/notes/",
        {"action": "save"},
    ),
}


def a_rows(matrix: Matrix) -> tuple[object, ...]:
    runner = matrix.pk("runner_a_row")
    return (
        list(m.Shoe.objects.filter(runner=runner).values()),
        list(m.Habit.objects.filter(runner=runner).values()),
        list(m.Screening.objects.filter(runner=runner).values()),
        list(m.Activity.objects.filter(runner=runner).values("pk", "shoe")),
    )


def test_no_one_but_a_changes_as_objects(matrix: Matrix) -> None:
    before = a_rows(matrix)
    wrong = []
    for pattern, (template, data) in POSTS.items():
        url = template.format(**matrix.ids)
        for role, expected in zip(ROLES, EXPECTED_POST[pattern], strict=True):
            if role == "runner_a":
                continue
            got = outcome(matrix.clients[role].post(url, data))
            if got != expected:
                wrong.append(f"{role} POST {url}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    assert a_rows(matrix) == before
    # A can: the last habit is gone after A's own POST.
    url = POSTS["me/habits/<int:pk>/delete/"][0].format(**matrix.ids)
    assert outcome(matrix.clients["runner_a"].post(url)) == "302:/me/habits/"
    assert not m.Habit.objects.filter(pk=matrix.pk("habit")).exists()


NOT_A = ("login", "-", "404", "404", "404", "404")
EXPECTED_POST = {
    "me/shoes/<int:pk>/": NOT_A,
    "me/habits/<int:pk>/delete/": NOT_A,
    "me/screenings/<int:pk>/delete/": NOT_A,
    "me/activities/<int:pk>/shoe/": NOT_A,
    # A's therapist saves a draft (the form answers); no one else finds the visit.
    "clinic/appointments/<int:appointment_id>/notes/": (
        "login",
        "-",
        "404",
        "200",
        "404",
        "404",
    ),
}


#: The addresses that take a POST without Django's CSRF token, and why: the JSON
#: booking API is called by other programs with no session cookie (a browser's
#: cookie would not authenticate anything there); uploads check the size before
#: reading the body, then run the same CSRF check themselves (test_uploads_pages).
CSRF_EXEMPT = {"api/v1/bookings": "json-api", "me/uploads/": "checked-after-size"}


def test_every_address_refuses_a_post_without_the_csrf_token(matrix: Matrix) -> None:
    """Every form of the project, for a signed-in runner and a clinic admin: a
    POST without the token is refused before any view runs (403)."""
    checked = 0
    for role in ("runner_a", "admin"):
        client = Client(enforce_csrf_checks=True)
        client.cookies = matrix.clients[role].cookies
        for pattern, template in URLS.items():
            if pattern in CSRF_EXEMPT:
                continue
            url = template.format(**matrix.ids)
            answer = client.post(url, {"text": "<script>alert(1)</script>"})
            assert answer.status_code == 403, f"{role} POST {url}: {answer.status_code}"
            checked += 1
    assert checked == 2 * (len(URLS) - len(CSRF_EXEMPT))
