"""E-mail addresses and a browser's user agent: text on the pages, the audit log's
admin pages and its CSV export, where a cell a spreadsheet would run as a
formula (= + - @, a tab, a carriage return) starts with a quote instead.

A runner signs up with an address holding markup (valid: it is in the quoted
local part); a superuser gives a therapist an address a spreadsheet would read
as a formula, through the admin's user form; the therapist opens the runner's
client page with hostile user agents; the clinic admin reads and exports the log.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.test import Client

from stridelight.accounts.models import User
from stridelight.audit.models import AuditEntry
from tests.web.admin_forms import admin_change
from tests.web.clinic_setup import at, service
from tests.web.escaping import assert_shown_escaped, hostile, hostile_email
from tests.web.staff import sign_in
from tests.web.workspace_setup import NOW, Clinic, appointment, make_workspace

pytestmark = pytest.mark.django_db

RUNNER_EMAIL = hostile_email("runner-email")
#: Valid as it stands (= | ' / ! are allowed unquoted): Excel's classic.
FORMULA_EMAIL = "=cmd|'/ccalc'!a0@example.com"
#: User agents a spreadsheet would run, each starting with one of the characters.
FORMULA_AGENTS = ("=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=1+1", "\r=1+1")
MARKUP_AGENT = hostile("user-agent")


@pytest.fixture
def clinic() -> Iterator[Clinic]:
    with time_machine.travel(NOW, tick=False):
        yield make_workspace()


def signed_up_runner() -> User:
    """Sign up with the hostile address, check the pages and mail, confirm it,
    and share the data with the clinic."""
    browser = Client()
    password = "a long pass phrase 42"
    signup = browser.post(
        "/accounts/signup/", {"email": RUNNER_EMAIL, "password": password}
    )
    assert signup.status_code == 302, signup.content.decode()
    done = browser.get(signup["Location"]).content.decode()
    assert_shown_escaped(done, RUNNER_EMAIL, where="/accounts/signup/done/")
    (message,) = mail.outbox
    assert message.to == [RUNNER_EMAIL] and message.content_subtype == "plain"
    assert not getattr(message, "alternatives", None)
    link = re.search(r"http://testserver(/accounts/confirm/\S+)", str(message.body))
    assert link is not None
    assert browser.get(link.group(1)).status_code == 302
    user = User.objects.get(email=RUNNER_EMAIL)
    assert user.email_confirmed
    browser.force_login(user)
    assert browser.post("/me/sharing/", {"action": "give"}).status_code == 302
    return user


def test_addresses_and_user_agents_are_text_in_the_workspace_and_the_audit_log(
    clinic: Clinic,
) -> None:
    runner = signed_up_runner()
    appointment(service("discovery-visit"), clinic.ann, at("12:00"), runner, "Rae")
    superuser = Client()
    sign_in(superuser, User.objects.create_superuser("root@clinic.example", "x"))
    url = f"/admin/accounts/user/{clinic.ann.user.pk}/change/"
    admin_change(superuser, url, {"email": FORMULA_EMAIL})
    users = superuser.get("/admin/accounts/user/").content.decode()
    assert_shown_escaped(users, RUNNER_EMAIL, FORMULA_EMAIL, where="the user list")
    therapist = Client()
    sign_in(therapist, User.objects.get(email=FORMULA_EMAIL))
    page = f"/clinic/clients/{runner.pk}/"
    for agent in (MARKUP_AGENT, *FORMULA_AGENTS):
        response = therapist.get(page, HTTP_USER_AGENT=agent)
        assert response.status_code == 200
        assert_shown_escaped(response.content.decode(), RUNNER_EMAIL, where=page)
    entries = AuditEntry.objects.filter(client_label=RUNNER_EMAIL)
    assert entries.count() == 1 + len(FORMULA_AGENTS)
    assert set(entries.values_list("actor_email", flat=True)) == {FORMULA_EMAIL}
    admin = Client()
    sign_in(admin, clinic.admin)
    log = admin.get("/admin/audit/auditentry/").content.decode()
    assert_shown_escaped(log, RUNNER_EMAIL, FORMULA_EMAIL, where="the audit log")
    marked = entries.get(user_agent=MARKUP_AGENT)
    detail = admin.get(f"/admin/audit/auditentry/{marked.pk}/change/")
    shown = (RUNNER_EMAIL, FORMULA_EMAIL, MARKUP_AGENT)
    assert_shown_escaped(detail.content.decode(), *shown, where="an entry's page")
    exported = admin.post(
        "/admin/audit/auditentry/",
        {"action": "export_csv", "_selected_action": [e.pk for e in entries]},
    )
    assert exported["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert len(rows) == entries.count()
    for row in rows:
        assert row["actor_email"] == "'" + FORMULA_EMAIL  # a quote: text, not a formula
        assert row["client_label"] == RUNNER_EMAIL  # a CSV cell, not a page
    agents = sorted(row["user_agent"] for row in rows)
    assert agents == sorted([MARKUP_AGENT, *("'" + a for a in FORMULA_AGENTS)])


NEW_EMAIL = hostile_email("pending-email")


def test_a_new_address_asked_for_is_text_on_every_page_that_names_it() -> None:
    user = User.objects.create_user("rae@example.com", "a long pass phrase 42")
    browser = Client()
    browser.force_login(user)
    asked = browser.post(
        "/accounts/email/",
        {"new_email": NEW_EMAIL, "password": "a long pass phrase 42"},
        follow=True,
    )
    assert asked.status_code == 200
    assert_shown_escaped(asked.content.decode(), NEW_EMAIL, where="the sent notice")
    user.refresh_from_db()
    assert user.pending_email == NEW_EMAIL.lower()
    (message,) = [m for m in mail.outbox if m.to == [user.pending_email]]
    link = re.search(
        r"http://testserver(/accounts/email/confirm/\S+)", str(message.body)
    )
    assert link is not None
    confirm = browser.get(link.group(1)).content.decode()
    assert_shown_escaped(confirm, NEW_EMAIL, where="the confirm page")
    done = browser.post(link.group(1), follow=True)
    assert_shown_escaped(done.content.decode(), NEW_EMAIL, where="the changed notice")
    user.refresh_from_db()
    assert user.email == NEW_EMAIL.lower()
