"""Log-in, sign-up, password reset, uploads and e-mail changes are rate limited
(web.ratelimit):
past the limit a 429 page with Retry-After, and the form's work is not done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from stridelight.accounts.models import User
from stridelight.runners import models as m
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db
GOOD = "long and unusual phrase"


@pytest.fixture(autouse=True)
def small_limits(settings: Settings, tmp_path: Path) -> None:
    settings.FORM_RATE_LIMITS = {
        "login": (3, 60),
        "signup": (2, 3600),
        "password_reset": (1, 3600),
        "upload": (1, 3600),
        "email_change": (2, 3600),
    }
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.MEDIA_ROOT = str(tmp_path / "files")
    cache.clear()


def assert_too_many(response: Any) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "Too many tries" in page and 'role="alert"' in page


def log_in(
    client: Client, path: str = "/accounts/login/", address: str = "127.0.0.1"
) -> Any:
    data = {"username": "nobody@example.com", "password": "wrong password"}
    return client.post(path, data, REMOTE_ADDR=address)


def test_log_in_past_the_limit_answers_429_and_the_form_still_shows(
    client: Client,
) -> None:
    codes = [log_in(client).status_code for _ in range(3)]
    assert codes == [200, 200, 200]  # wrong password: the form again
    assert_too_many(log_in(client))
    assert client.get("/accounts/login/").status_code == 200
    # Another address has its own count.
    other = log_in(client, address="203.0.113.9")
    assert other.status_code == 200


def test_a_good_password_past_the_limit_does_not_sign_in(client: Client) -> None:
    User.objects.create_user("ann@example.com", GOOD)
    for _ in range(3):
        log_in(client)
    response = client.post(
        "/accounts/login/", {"username": "ann@example.com", "password": GOOD}
    )
    assert_too_many(response)
    assert "_auth_user_id" not in client.session


def test_the_admins_log_in_counts_with_the_sites(client: Client) -> None:
    for _ in range(3):
        log_in(client)
    assert_too_many(log_in(client, "/admin/login/"))


def test_sign_up_past_the_limit_makes_no_account(client: Client) -> None:
    for n in range(2):
        answer = client.post(
            "/accounts/signup/", {"email": f"r{n}@example.com", "password": GOOD}
        )
        assert answer.status_code == 302
    third = client.post(
        "/accounts/signup/", {"email": "r2@example.com", "password": GOOD}
    )
    assert_too_many(third)
    assert not User.objects.filter(email="r2@example.com").exists()


def test_password_reset_past_the_limit_sends_no_mail(client: Client) -> None:
    User.objects.create_user("ann@example.com", GOOD)
    first = client.post("/accounts/password-reset/", {"email": "ann@example.com"})
    assert first.status_code == 302 and len(mail.outbox) == 1
    again = client.post("/accounts/password-reset/", {"email": "ann@example.com"})
    assert_too_many(again)
    assert len(mail.outbox) == 1


def test_uploads_are_counted_per_runner_not_per_address() -> None:
    ann, bob = Client(), Client()
    ann.force_login(a_runner("ann@example.com"))
    bob.force_login(a_runner("bob@example.com"))
    # An empty form is refused (400) but counts: the limit is on what is sent.
    assert ann.post("/me/uploads/", {}).status_code == 400
    gpx = SimpleUploadedFile("run.gpx", b"<gpx/>")
    assert_too_many(ann.post("/me/uploads/", {"files": [gpx]}))
    assert not m.Upload.objects.exists()
    assert bob.post("/me/uploads/", {}).status_code == 400  # same address, own count


def test_email_changes_are_counted_per_person_and_wrong_passwords_count() -> None:
    ann, bob = Client(), Client()
    ann_user = a_runner("ann@example.com")
    ann.force_login(ann_user)
    bob.force_login(a_runner("bob@example.com"))
    wrong = {"new_email": "ann.new@example.com", "password": "guess"}
    assert ann.post("/accounts/email/", wrong).status_code == 200  # refused, counted
    right = {"new_email": "ann.new@example.com", "password": GOOD}
    assert ann.post("/accounts/email/", right).status_code == 302
    sent = len(mail.outbox)
    assert sent == 2  # the link to the new address, the note to the old one
    assert_too_many(ann.post("/accounts/email/", right))
    assert len(mail.outbox) == sent
    assert ann.get("/accounts/email/").status_code == 200  # showing is free
    assert bob.post("/accounts/email/", wrong).status_code == 200  # own count
