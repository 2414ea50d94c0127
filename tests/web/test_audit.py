"""The audit log: what an entry holds, that nothing changes or removes one, who sees it."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory

from stridelight import audit
from stridelight.accounts.models import Role, User
from stridelight.audit.export import write_csv
from stridelight.audit.models import Action, AppendOnlyError, AuditEntry
from stridelight.runners.models import Runner
from stridelight.runners.services import runner_for
from tests.web.staff import PASSWORD, verified_staff
from tests.web.store import STRIDELIGHT, a_runner, embedded_env

pytestmark = pytest.mark.django_db


def an_entry(
    *, action: str = Action.VIEW, user_agent: str = "Firefox/140"
) -> tuple[AuditEntry, User, Runner]:
    therapist = User.objects.create_user(
        "tess@example.com", PASSWORD, role=Role.THERAPIST
    )
    runner = runner_for(a_runner())
    request = RequestFactory().get(
        "/clinic/clients/1/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=user_agent
    )
    entry = audit.record(
        actor=therapist, action=action, client=runner, obj=runner, request=request
    )
    return entry, therapist, runner


def test_an_entry_says_who_did_what_to_whose_data_when_and_from_where() -> None:
    entry, therapist, runner = an_entry()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor_id, stored.actor_email) == (therapist.pk, "tess@example.com")
    assert stored.action == "view"
    assert (stored.client_id, stored.client_label) == (runner.pk, "ann@example.com")
    assert (stored.object_type, stored.object_id) == ("runners.runner", str(runner.pk))
    assert (stored.ip_address, stored.user_agent) == ("203.0.113.7", "Firefox/140")
    assert stored.at.tzinfo is not None


def test_an_entry_from_the_command_line_has_no_address() -> None:
    entry = audit.record(
        actor=None, action=Action.EXPORT, client=None, obj=None, request=None
    )
    assert (entry.actor_id, entry.ip_address, entry.user_agent) == (None, None, "")


def test_an_unknown_action_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown audit action 'peek'"):
        audit.record(actor=None, action="peek", client=None, obj=None, request=None)


def test_the_application_cannot_change_or_delete_an_entry() -> None:
    entry, _, _ = an_entry()
    entry.action = Action.DELETE
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action=Action.DELETE)
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "view"


def test_deleting_the_people_keeps_their_entries() -> None:
    entry, therapist, runner = an_entry()
    runner.user.delete()
    therapist.delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_email == "tess@example.com"
    assert kept.client_label == "ann@example.com"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET action = 'delete' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_postgresql_itself_refuses_to_change_or_delete_an_entry(sql: str) -> None:
    entry, _, _ = an_entry()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "view"


def test_csv_export_defuses_cells_a_spreadsheet_would_run() -> None:
    an_entry(user_agent='=HYPERLINK("https://evil.example")')
    out = io.StringIO()
    assert write_csv(AuditEntry.objects.all(), out) == 1
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["user_agent"].startswith("'=HYPERLINK")
    assert row["action"] == "view"


def test_clinic_admins_see_the_log_read_only_and_filter_it(client: Client) -> None:
    entry, _, _ = an_entry()
    verified_staff(client, email="boss@example.com", role=Role.CLINIC_ADMIN)
    listing = client.get("/admin/audit/auditentry/?action__exact=view")
    assert listing.status_code == 200
    assert b"tess@example.com" in listing.content
    assert b"Add audit entry" not in listing.content
    assert (
        client.get("/admin/audit/auditentry/?action__exact=change")
        .context["cl"]
        .result_count
        == 0
    )
    detail = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_exports_the_selected_entries_as_csv(client: Client) -> None:
    entry, _, _ = an_entry()
    verified_staff(client, email="boss@example.com", role=Role.CLINIC_ADMIN)
    response = client.post(
        "/admin/audit/auditentry/",
        {"action": "export_csv", "_selected_action": [entry.pk]},
    )
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["actor_email"] for r in rows] == ["tess@example.com"]
    # The export is itself in the log.
    assert AuditEntry.objects.filter(
        action="export", actor_email="boss@example.com"
    ).exists()


def test_therapists_do_not_see_the_log(client: Client) -> None:
    an_entry()
    verified_staff(client, email="other@example.com", role=Role.THERAPIST)
    assert client.get("/admin/audit/auditentry/").status_code == 403


def test_the_command_line_exports_the_log(tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    done = subprocess.run(
        [STRIDELIGHT, "audit", "export", "-o", str(out), "--since", "2020-01-01"],
        env=embedded_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote 0 audit entries" in done.stdout
    assert out.read_text().splitlines()[0].startswith("at,actor_id,actor_email")
