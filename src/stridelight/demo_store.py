"""The demo's embedded store: three accounts and the demo runner, imported as a user would.

``stridelight demo`` calls :func:`build_demo_store` after reading the bundle: it
creates (once) a clinic admin, a therapist and the demo runner in the embedded
SQLite store, imports the demo bundle through the import service (a second run
finds every file already there and adds nothing), and reads the analysis back
from the store.  Passwords are random, made when an account is first created,
and kept in ``<data folder>/demo-logins.txt`` (readable by the owner only) so
that every run can say how to log in.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from stridelight import settings
from stridelight.core.journal import RunnerData
from stridelight.core.results import Analysis

if TYPE_CHECKING:  # Django models load only after django.setup()
    from stridelight.accounts.models import User

#: E-mail and role of each demo account, the runner last.
ACCOUNTS = (
    ("admin@demo.stridelight.example", "clinic_admin"),
    ("therapist@demo.stridelight.example", "therapist"),
    ("therapist2@demo.stridelight.example", "therapist"),
    ("maya@demo.stridelight.example", "runner"),
)
#: The therapists' names in the demo clinic (clinic.demo), in ACCOUNTS' order.
THERAPIST_NAMES = ("Dana Reyes", "Sam Okafor")
LOGINS_FILE = "demo-logins.txt"


@dataclass(frozen=True)
class DemoStore:
    """What the demo shows from the store: the runner's data, the analysis, logins."""

    data: RunnerData
    analysis: Analysis
    new: int  # activities the import added (0 on a second run)
    already_there: int
    logins: tuple[tuple[str, str, str], ...]  # (e-mail, role, password)
    logins_file: Path


def build_demo_store(*, bundle: Path, as_of: date) -> DemoStore:
    """Create the demo accounts (once), import ``bundle`` for the runner, analyse it."""
    from stridelight.web.bootstrap import ensure_database, setup_django

    setup_django()
    ensure_database()
    from stridelight.clinic.demo import ensure_demo_clinic
    from stridelight.runners.analysis import analysis
    from stridelight.runners.selectors import runner_data
    from stridelight.runners.services import import_sources

    logins_file = settings.data_dir() / LOGINS_FILE
    logins = _accounts(logins_file)
    runner = _user(ACCOUNTS[-1][0])
    therapists = [email for email, role in ACCOUNTS if role == "therapist"]
    names = zip(therapists, THERAPIST_NAMES, strict=True)
    ensure_demo_clinic([(_user(email), name) for email, name in names])
    # One process: forty-odd files decode faster than a worker pool starts.
    report = import_sources(user=runner, sources=[bundle], workers=0)
    if report.rejected:
        reasons = "; ".join(f"{r.path}: {r.reason}" for r in report.rejected)
        raise ValueError(f"the demo bundle did not import cleanly: {reasons}")
    return DemoStore(
        data=runner_data(runner),
        analysis=analysis(user=runner, as_of=as_of),
        new=report.new,
        already_there=report.already_there,
        logins=logins,
        logins_file=logins_file,
    )


def _accounts(logins_file: Path) -> tuple[tuple[str, str, str], ...]:
    """Each demo account with its password; created with a random one when missing."""
    from stridelight.accounts.models import User
    from stridelight.accounts.services import create_user

    known = _read_logins(logins_file)
    for email, role in ACCOUNTS:
        if User.objects.filter(email=email).exists() and email in known:
            continue
        password = secrets.token_urlsafe(12)
        if User.objects.filter(email=email).exists():  # the logins file was lost
            user = User.objects.get(email=email)
            user.set_password(password)
            user.save(update_fields=["password"])
        else:
            create_user(email=email, password=password, role=role)
        known[email] = password
    _write_logins(logins_file, known)
    return tuple((email, role, known[email]) for email, role in ACCOUNTS)


def _user(email: str) -> User:
    from stridelight.accounts.models import User

    return User.objects.get(email=email)


def _read_logins(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    logins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        email, _, password = line.partition(" ")
        if email and password:
            logins[email] = password
    return logins


def _write_logins(path: Path, logins: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{email} {password}\n" for email, password in logins.items())
    # Owner-only from the first byte: the file holds passwords.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
    path.chmod(0o600)
