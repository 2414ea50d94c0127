"""Reminders sent by real worker processes: each exactly once.

Two ``manage.py send_reminders`` processes work one table at once; a worker
killed mid-send leaves its rows to another once the lease runs out.  The
workers run the project's settings on this test's database (SQLite file or
PostgreSQL), with the file backends so the test can count what went out.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from stridelight.clinic.models import (
    Appointment,
    Reminder,
    ReminderKind,
    ReminderState,
    Service,
)
from tests.conftest import ROOT
from tests.web.clinic_setup import make_clinic
from tests.web.live_db import process_env
from tests.web.store import STRIDELIGHT

pytestmark = pytest.mark.django_db(transaction=True)

NY = ZoneInfo("America/New_York")


def quiet_hours_away_from_now() -> str:
    """An hour of quiet six hours from now: the real clock never falls inside."""
    begin = timezone.now().astimezone(NY) + timedelta(hours=6)
    return f"{begin:%H}:00-{(begin + timedelta(hours=1)):%H}:00"


def due_reminders(count: int, kinds: tuple[str, ...]) -> list[int]:
    """``count`` appointments starting within the hour, their reminders due now."""
    first, _ = make_clinic()
    short = Service.objects.create(slug="check", name="Check-in", minutes=1)
    now = timezone.now()
    ids = []
    for n in range(count):
        start = now + timedelta(minutes=60 + 2 * n)
        appointment = Appointment.objects.create(
            service=short,
            therapist=first,
            start=start,
            end=start + timedelta(minutes=1),
            client_name="Ann",
            client_email=f"c{n}@example.com",
            client_phone="718 555 0101",
            manage_token_hash=f"{n:064d}",
        )
        for kind in kinds:
            row = Reminder.objects.create(
                appointment=appointment, kind=kind, due_at=now - timedelta(minutes=1)
            )
            ids.append(row.pk)
    return ids


def worker(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    settings = process_env(
        tmp_path / "data",
        STRIDELIGHT_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        STRIDELIGHT_SMS_DIR=str(tmp_path / "sms"),
        STRIDELIGHT_QUIET_HOURS=quiet_hours_away_from_now(),
    )
    settings.update(env)
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_reminders", *args],
        cwd=ROOT,
        env=settings,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


def sent_keys(tmp_path: Path) -> Counter[str]:
    """How many times each reminder went out, by the key every message carries."""
    keys: Counter[str] = Counter()
    for file in (tmp_path / "sms").glob("reminder-*.txt"):
        keys[file.name.rsplit("-", 1)[0]] += 1
    for file in (tmp_path / "data" / "mail").glob("*"):  # <data dir>/mail
        for line in file.read_text().splitlines():
            if line.startswith("X-Stridelight-Reminder: "):
                keys[line.split(": ", 1)[1]] += 1
    return keys


def test_two_workers_send_every_reminder_exactly_once(tmp_path: Path) -> None:
    # 60 sends of a tenth of a second: 6 s of work, so both workers are at it
    # even if one starts seconds after the other on a busy machine.
    ids = due_reminders(30, (ReminderKind.EMAIL_24H, ReminderKind.SMS_2H))
    slow = {
        "STRIDELIGHT_SMS_BACKEND": "tests.web.sms_backends.SlowFileBackend",
        "STRIDELIGHT_EMAIL_BACKEND": "tests.web.sms_backends.SlowEmailBackend",
    }
    both = [worker(tmp_path, "--batch", "--limit", "1", **slow) for _ in range(2)]
    outputs = [finished(process) for process in both]
    assert sent_keys(tmp_path) == Counter({f"reminder-{pk}": 1 for pk in ids})
    assert all("sent" in out for out in outputs), "both workers sent some"
    rows = Reminder.objects.all()
    assert {row.state for row in rows} == {ReminderState.SENT}
    assert {row.attempts for row in rows} == {1}


def test_a_worker_killed_mid_send_leaves_its_reminders_to_another(
    tmp_path: Path,
) -> None:
    ids = due_reminders(4, (ReminderKind.SMS_2H,))
    stuck = worker(
        tmp_path, STRIDELIGHT_SMS_BACKEND="tests.web.sms_backends.HangingBackend"
    )
    try:
        _wait_until(lambda: Reminder.objects.filter(state="sending").count() == 4)
    finally:
        stuck.kill()  # SIGKILL: no clean-up, its rows stay "sending"
        stuck.communicate(timeout=30)  # reaped, its pipes closed
    claimed_at = Reminder.objects.values_list("claimed_at", flat=True).first()
    assert claimed_at is not None
    # Within the lease another worker leaves them alone; after it, takes them.
    early = finished(worker(tmp_path, "--batch", STRIDELIGHT_SMS_BACKEND="file"))
    assert early == "" and sent_keys(tmp_path) == Counter()
    _wait_until(lambda: timezone.now() > claimed_at + timedelta(seconds=2))
    finished(
        worker(
            tmp_path,
            "--batch",
            STRIDELIGHT_SMS_BACKEND="file",
            STRIDELIGHT_REMINDER_LEASE_S="2",
        )
    )
    assert sent_keys(tmp_path) == Counter({f"reminder-{pk}": 1 for pk in ids})
    assert {r.state for r in Reminder.objects.all()} == {ReminderState.SENT}
    assert {r.attempts for r in Reminder.objects.all()} == {2}


def _wait_until(condition: object, timeout: float = 60) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_stridelight_worker_sends_due_reminders_too(tmp_path: Path) -> None:
    ids = due_reminders(2, (ReminderKind.SMS_2H,))
    settings = process_env(
        tmp_path / "data",
        STRIDELIGHT_SMS_BACKEND="file",
        STRIDELIGHT_SMS_DIR=str(tmp_path / "sms"),
        STRIDELIGHT_QUIET_HOURS=quiet_hours_away_from_now(),
    )
    done = subprocess.run(
        [STRIDELIGHT, "worker", "--batch"],
        cwd=ROOT, env=settings, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sent_keys(tmp_path) == Counter({f"reminder-{pk}": 1 for pk in ids})
    assert f"reminder {ids[0]}: sent" in done.stdout


def test_a_running_worker_sends_reminders_from_its_thread_and_stops_cleanly(
    tmp_path: Path,
) -> None:
    ids = due_reminders(2, (ReminderKind.SMS_2H,))
    settings = process_env(
        tmp_path / "data",
        STRIDELIGHT_SMS_BACKEND="file",
        STRIDELIGHT_SMS_DIR=str(tmp_path / "sms"),
        STRIDELIGHT_QUIET_HOURS=quiet_hours_away_from_now(),
    )
    running = subprocess.Popen(
        [STRIDELIGHT, "worker"], cwd=ROOT, env=settings,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _wait_until(lambda: len(sent_keys(tmp_path)) == len(ids))
    finally:
        running.terminate()
        _, errors = running.communicate(timeout=60)
    assert running.returncode == 0, errors
    assert sent_keys(tmp_path) == Counter({f"reminder-{pk}": 1 for pk in ids})
