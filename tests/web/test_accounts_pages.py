"""Sign-up, the confirmation mail, log-in and password reset, through the pages.

Neither sign-up nor the reset says whether an address has an account: the page
is the same, only the mail to that address differs.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django_tasks import default_task_backend
from pytest_django import Settings

from stridelight.accounts.models import Role, User
from stridelight.accounts.services import create_user
from stridelight.runners.models import Runner

pytestmark = pytest.mark.django_db

GOOD = "a long pass phrase 42"
LINK = re.compile(r"https?://\S+")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _signup(client: Client, email: str, password: str = GOOD) -> str:
    response = client.post("/accounts/signup/", {"email": email, "password": password})
    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"])
    return page.content.decode()


def _link_in(message: mail.EmailMessage) -> str:
    """The one link of the mail that leads into the accounts pages."""
    links: list[str] = LINK.findall(str(message.body))
    (link,) = [url for url in links if "/accounts/" in url]
    return link.removeprefix("http://testserver")


def _without_csrf(page: str) -> str:
    return CSRF.sub("", page)


def test_signing_up_makes_an_unconfirmed_runner_and_mails_a_link(
    client: Client,
) -> None:
    page = _signup(client, "Ann@Example.com")
    assert "Check your e-mail" in page
    user = User.objects.get(email="ann@example.com")
    assert user.role == Role.RUNNER
    assert not user.email_confirmed
    assert Runner.objects.filter(user=user).exists()
    (message,) = mail.outbox
    assert message.to == ["ann@example.com"]
    assert "/accounts/confirm/" in _link_in(message)


def test_an_unconfirmed_account_cannot_log_in_and_is_sent_a_new_link(
    client: Client,
) -> None:
    _signup(client, "ann@example.com")
    response = client.post(
        "/accounts/login/", {"username": "ann@example.com", "password": GOOD}
    )
    assert response.status_code == 200
    assert "not confirmed yet" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 2


def test_a_wrong_password_on_an_unconfirmed_account_says_only_that_it_did_not_match(
    client: Client,
) -> None:
    _signup(client, "ann@example.com")
    response = client.post(
        "/accounts/login/", {"username": "ann@example.com", "password": "wrong one"}
    )
    assert "did not match" in response.content.decode()
    assert "confirmed" not in response.content.decode()
    assert len(mail.outbox) == 1


def test_the_link_confirms_the_address_once_and_then_the_runner_logs_in(
    client: Client,
) -> None:
    _signup(client, "ann@example.com")
    link = _link_in(mail.outbox[0])
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "confirmed" in response.content.decode()
    assert User.objects.get(email="ann@example.com").email_confirmed
    assert client.get(link).status_code == 400  # used: the state it signed changed
    response = client.post(
        "/accounts/login/", {"username": "ann@example.com", "password": GOOD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "link",
    [
        "/accounts/confirm/MQ/bad-token/",
        "/accounts/confirm/!!!/x/",
        "/accounts/confirm/OTk5OQ/x/",
    ],
)
def test_a_bad_confirmation_link_is_refused(client: Client, link: str) -> None:
    create_user(email="ann@example.com", password=GOOD, role="runner")
    response = client.get(link)
    assert response.status_code == 400
    assert "does not work" in response.content.decode()


def test_signing_up_with_a_taken_address_looks_the_same_and_mails_its_owner(
    client: Client,
) -> None:
    create_user(email="ann@example.com", password=GOOD, role="runner")
    fresh = _signup(client, "new@example.com")
    taken = _signup(client, "ann@example.com", password="another long phrase 7")
    assert taken.replace("ann@example.com", "new@example.com") == fresh
    assert User.objects.filter(email="ann@example.com").count() == 1
    assert authenticate_ok("ann@example.com", GOOD)  # the password was not changed
    owner_mail = mail.outbox[-1]
    assert owner_mail.to == ["ann@example.com"]
    assert "already has an account" in str(owner_mail.body)


def authenticate_ok(email: str, password: str) -> bool:
    return User.objects.get(email=email).check_password(password)


def test_a_refused_password_is_named_on_its_field_whatever_the_address(
    client: Client,
) -> None:
    create_user(email="ann@example.com", password=GOOD, role="runner")
    pages = []
    for email in ("ann@example.com", "new@example.com"):
        response = client.post(
            "/accounts/signup/", {"email": email, "password": "password123"}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert 'aria-invalid="true"' in page
        assert 'aria-describedby="id_password_helptext id_password_error"' in page
        assert "too common" in page
        pages.append(_without_csrf(page.replace(email, "X")))
    assert pages[0] == pages[1]
    assert not User.objects.filter(email="new@example.com").exists()
    assert mail.outbox == []


def test_password_reset_answers_the_same_for_an_unknown_address(
    client: Client,
) -> None:
    create_user(email="ann@example.com", password=GOOD, role="runner")
    answers = []
    for email in ("ann@example.com", "nobody@example.com"):
        response = client.post(
            "/accounts/password-reset/", {"email": email}, follow=True
        )
        answers.append((response.redirect_chain, response.content))
    assert answers[0] == answers[1]
    (message,) = mail.outbox
    assert message.to == ["ann@example.com"]


def test_a_reset_sets_the_new_password_and_confirms_the_address(
    client: Client,
) -> None:
    _signup(client, "ann@example.com")
    client.post("/accounts/password-reset/", {"email": "ann@example.com"})
    link = _link_in(mail.outbox[-1])
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "a different long phrase 9"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "password is changed" in done.content.decode()
    user = User.objects.get(email="ann@example.com")
    assert user.check_password(new)
    assert user.email_confirmed


@pytest.mark.parametrize(
    "address",
    [
        "/accounts/signup/",
        "/accounts/signup/done/",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/reset/done/",
        "/accounts/login/",
    ],
)
def test_the_account_pages_open_without_signing_in(
    client: Client, address: str
) -> None:
    assert client.get(address).status_code == 200


def test_account_mail_is_queued_for_the_worker_not_sent_in_the_request(
    client: Client, settings: Settings
) -> None:
    """So the answer takes as long whether or not a mail was due (a mail server
    is slow): the page's timing does not tell who has an account."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    create_user(email="ann@example.com", password=GOOD, role="runner")
    _signup(client, "new@example.com")
    _signup(client, "ann@example.com")
    client.post("/accounts/password-reset/", {"email": "ann@example.com"})
    client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert mail.outbox == []
    queued = default_task_backend.results  # type: ignore[attr-defined]
    assert [r.args[2] for r in queued] == [
        "new@example.com",
        "ann@example.com",
        "ann@example.com",
    ]
