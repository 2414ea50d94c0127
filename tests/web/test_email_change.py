"""/accounts/email/: a new address, asked with the password, made by a link
mailed to the new address; the old address told; a taken address not revealed
(accounts.email_change)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from stridelight.accounts.models import Role, User
from tests.web.staff import PASSWORD, verified_staff
from tests.web.store import a_runner

pytestmark = pytest.mark.django_db
NEW = "ann.new@example.com"
LINK = re.compile(r"http://testserver(/accounts/email/confirm/\S+)")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def ann(client: Client) -> User:
    """A runner, signed in."""
    user = a_runner("ann@example.com")
    client.force_login(user)
    return user


def ask(client: Client, new_email: str = NEW, password: str = PASSWORD) -> str:
    """Send the form; the page it leads to (or shows again)."""
    data = {"new_email": new_email, "password": password}
    response = client.post("/accounts/email/", data, follow=True)
    assert response.status_code == 200
    return str(response.content.decode())


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def the_link() -> str:
    (message,) = sent_to(NEW)
    (link,) = LINK.findall(str(message.body))
    return str(link)


def email_of(user: User) -> str:
    user.refresh_from_db()
    return user.email


def test_a_wrong_password_changes_nothing_and_mails_no_one(
    client: Client, ann: User
) -> None:
    page = ask(client, password="not my password")
    assert "That is not your password." in page
    assert 'aria-invalid="true"' in page
    assert email_of(ann) == "ann@example.com"
    assert mail.outbox == []


def test_the_address_changes_only_when_the_link_mailed_to_it_is_used(
    client: Client, ann: User
) -> None:
    page = ask(client)
    assert f"We have sent a message to {NEW}" in page
    assert email_of(ann) == "ann@example.com"
    link = the_link()
    shown = client.get(link)  # a mail program looking at the link changes nothing
    assert shown.status_code == 200
    assert f"Use {NEW}" in shown.content.decode()
    assert email_of(ann) == "ann@example.com"
    done = client.post(link, follow=True)
    assert done.redirect_chain[-1][0] == "/accounts/email/"
    assert f"Your e-mail address is now {NEW}" in done.content.decode()
    assert email_of(ann) == NEW
    ann.refresh_from_db()
    assert ann.email_confirmed_at is not None
    assert timezone.now() - ann.email_confirmed_at < timedelta(minutes=1)


def test_after_the_change_the_new_address_logs_in_and_the_old_one_does_not(
    client: Client, ann: User
) -> None:
    ask(client)
    Client().post(the_link())  # opened on another device, signed out
    fresh = Client()
    old = {"username": "ann@example.com", "password": PASSWORD}
    assert fresh.post("/accounts/login/", old).status_code == 200  # the form again
    new = {"username": NEW, "password": PASSWORD}
    assert fresh.post("/accounts/login/", new)["Location"] == "/me/"


def test_the_link_opened_signed_out_leads_to_log_in(client: Client, ann: User) -> None:
    ask(client)
    answer = Client().post(the_link())
    assert answer["Location"] == "/accounts/login/"


def test_the_old_address_is_told_when_the_change_is_asked_and_when_it_is_made(
    client: Client, ann: User
) -> None:
    ask(client)
    (asked,) = sent_to("ann@example.com")
    assert NEW in str(asked.body)
    assert "http://testserver/accounts/password-reset/" in str(asked.body)
    assert not LINK.search(str(asked.body))  # the link goes to the new address only
    client.post(the_link())
    told = sent_to("ann@example.com")
    assert len(told) == 2
    assert f"is now:\n\n{NEW}" in str(told[1].body)
    assert told[1].subject == "Your Stridelight e-mail address was changed"


def test_the_link_works_once(client: Client, ann: User) -> None:
    ask(client)
    link = the_link()
    client.post(link)
    again = client.get(link)
    assert again.status_code == 400
    assert "This link does not work" in again.content.decode()


def test_an_expired_link_changes_nothing(client: Client, ann: User) -> None:
    ask(client)
    link = the_link()
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert client.get(link).status_code == 400
        assert client.post(link).status_code == 400
    assert email_of(ann) == "ann@example.com"


def test_a_new_password_cancels_the_link(client: Client, ann: User) -> None:
    ask(client)
    ann.set_password("another long pass phrase")
    ann.save()
    assert Client().post(the_link()).status_code == 400
    assert email_of(ann) == "ann@example.com"


def _forged(link: str, bo: User) -> list[str]:
    """The link with each of its parts replaced."""
    _, uid, token = link.rstrip("/").rsplit("/", 2)
    base = "/accounts/email/confirm"
    bo_uid = urlsafe_base64_encode(str(bo.pk).encode())
    return [
        f"{base}/{uid}/{token[:-1]}x/",  # the signature
        f"{base}/{bo_uid}/{token}/",  # someone else's account, A's signature
        f"{base}/!!!/{token}/",
        f"{base}/{uid}/no-token/",
    ]


def test_a_forged_link_answers_neutrally_and_changes_nothing(
    client: Client, ann: User
) -> None:
    bo = a_runner("bo@example.com")
    bo_client = Client()
    bo_client.force_login(bo)
    ask(bo_client, "bo.new@example.com")  # Bo has a change pending too
    ask(client)
    for link in _forged(the_link(), bo):
        for method in (client.get, client.post):
            answer = method(link)
            assert answer.status_code == 400, link
            assert "This link does not work" in answer.content.decode()
    assert email_of(ann) == "ann@example.com"
    assert email_of(bo) == "bo@example.com"


def test_no_address_travels_in_the_link(client: Client, ann: User) -> None:
    ask(client)
    link = the_link()
    assert "example" not in link
    for part in link.split("/"):
        assert NEW.encode() not in _decoded(part)


def _decoded(part: str) -> bytes:
    try:
        return urlsafe_base64_decode(part)
    except ValueError:
        return b""


def test_a_newer_request_replaces_the_older_link(client: Client, ann: User) -> None:
    ask(client)
    first = the_link()
    ask(client, "ann.other@example.com")
    assert client.post(first).status_code == 400
    (message,) = sent_to("ann.other@example.com")
    (second,) = LINK.findall(str(message.body))
    assert client.post(second).status_code == 302
    assert email_of(ann) == "ann.other@example.com"


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_note(
    client: Client, ann: User
) -> None:
    bo = a_runner("bo@example.com")
    pages = []
    for address in ("free@example.com", "bo@example.com"):
        page = ask(client, address)
        pages.append(CSRF.sub("", page).replace(address, "X"))
    assert pages[0] == pages[1]
    (note,) = sent_to("bo@example.com")
    assert "already has an account" in str(note.body)
    assert not LINK.search(str(note.body))
    # The old address is told of both, alike: nothing tells it which was taken.
    told = [str(m.body) for m in sent_to("ann@example.com")]
    assert told[0].replace("free@example.com", "X") == told[1].replace(
        "bo@example.com", "X"
    )
    assert email_of(ann) == "ann@example.com"
    assert email_of(bo) == "bo@example.com"


def test_a_link_to_an_address_taken_since_fails_like_a_forged_one(
    client: Client, ann: User
) -> None:
    ask(client)
    link = the_link()
    User.objects.create_user(NEW, PASSWORD, role=Role.RUNNER)
    answer = client.post(link)
    assert answer.status_code == 400
    assert "This link does not work" in answer.content.decode()
    assert email_of(ann) == "ann@example.com"


def test_the_current_address_is_refused_on_its_field(client: Client, ann: User) -> None:
    page = ask(client, "ANN@example.com")
    assert "That is already your address." in page
    assert mail.outbox == []


def test_signed_out_the_page_asks_to_log_in(client: Client) -> None:
    answer = client.get("/accounts/email/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_a_runner_finds_it_in_the_runners_menu(client: Client, ann: User) -> None:
    page = client.get("/accounts/email/").content.decode()
    assert 'aria-label="My Stridelight"' in page
    assert 'href="/accounts/email/" aria-current="page"' in page
    assert 'href="/accounts/email/"' in client.get("/me/sharing/").content.decode()


def test_staff_change_their_address_past_the_second_factor(client: Client) -> None:
    unverified = User.objects.create_user(
        "tess@example.com", PASSWORD, role=Role.THERAPIST
    )
    client.force_login(unverified)
    answer = client.post("/accounts/email/", {"new_email": NEW, "password": PASSWORD})
    assert answer["Location"].startswith("/accounts/two-factor/")
    assert mail.outbox == []
    staff = Client()
    user = verified_staff(staff, email="cara@example.com", role=Role.CLINIC_ADMIN)
    page = staff.get("/accounts/email/").content.decode()
    assert 'aria-label="Clinic workspace"' in page
    assert 'href="/accounts/email/"' in staff.get("/clinic/").content.decode()
    ask(staff)
    staff.post(the_link())
    assert email_of(user) == NEW
