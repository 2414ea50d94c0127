"""Helpers for the store's tests: a runner's data written as rows, subprocess env."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from stridelight.accounts.models import Role, User
from stridelight.core.journal import RunnerData
from stridelight.runners import services
from stridelight.runners.models import Runner

#: The installed command, beside this interpreter (make setup puts it there).
STRIDELIGHT = str(Path(sys.executable).parent / "stridelight")


def save_runner_data(user: User, data: RunnerData) -> Runner:
    """Every section and workout of ``data`` as rows (what an import will write)."""
    runner = services.runner_for(user)
    services.journal_replace(runner=runner, journal=data.journal)
    for workout in data.workouts:
        fake = hashlib.sha256(workout.id.encode()).hexdigest()
        original = services.OriginalFile(sha256=fake, format="fit")
        services.activity_create(runner=runner, workout=workout, original=original)
    return runner


def a_runner(email: str = "ann@example.com") -> User:
    return User.objects.create_user(email, "long and unusual phrase", role=Role.RUNNER)


def embedded_env(data_dir: Path) -> dict[str, str]:
    """The environment of a command run on its own embedded store in ``data_dir``.

    DATABASE_URL is blanked (blank means the default) so the PostgreSQL pass of
    the tests does not send a subprocess to the shared test database.
    """
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        STRIDELIGHT_DATA_DIR=str(data_dir),
        DATABASE_URL="",
        DJANGO_SETTINGS_MODULE="stridelight.web.settings",
    )
    return env
