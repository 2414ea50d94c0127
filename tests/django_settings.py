"""Django settings for the tests: the project's own, in a throw-away data folder.

Set before the project's settings are read, so no test writes a secret key
into ./var; ``DATABASE_URL`` from the environment still chooses the database
(``make pytest`` runs the Django tests on SQLite, then on PostgreSQL).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

# Each checkout its own test data folder and PostgreSQL test databases: two
# checkouts testing at once must not drop each other's databases or files.
CHECKOUT = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
os.environ.setdefault(
    "STRIDELIGHT_DATA_DIR",
    str(Path(tempfile.gettempdir()) / f"stridelight-tests-{CHECKOUT}"),
)
os.environ.setdefault("SECRET_KEY", "tests-only-" + "k" * 50)

from stridelight.web import settings as project  # noqa: E402
from stridelight.web.settings import *  # noqa: E402, F403

# Tasks run at once, inside the test, without a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Each test process its own cache: runner ids repeat from one test database to
# the next, so a shared cache would hand one test another's analysis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# No thread reads a runner's base behind a test's back (its own connection would
# not see the test's rows); tests/web/test_data_cache.py turns it on.
STRIDELIGHT_WARM_BASES = False

# Static files straight from the apps: no collectstatic before the tests.
STORAGES = {
    **project.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Argon2 costs a second a hash on a busy machine; one test checks the project's
# hashers (argon2 first), the others need a hash, not its cost.
PROJECT_PASSWORD_HASHERS = project.PASSWORD_HASHERS
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# SQLite tests on a file, not Django's shared-cache memory database: there, a
# second connection gets "database table is locked" at once instead of waiting
# for the IMMEDIATE write lock, so the concurrent-booking test could not race
# the way the real store does (clinic.md §3.3).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # pytest-django adds _gw0, _gw1… for the xdist workers.
    DATABASES["default"]["TEST"] = {"NAME": f"test_stridelight_{CHECKOUT}"}  # noqa: F405
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        # A folder of this process's own: parallel checkouts may run tests at once.
        "NAME": str(Path(tempfile.mkdtemp(prefix="stridelight-db-")) / "test.sqlite3")
    }

# The API's rate limits count per IP in the cache: every test's client is
# 127.0.0.1, so tests get room; test_clinic_ratelimit sets small limits itself.
API_RATE_LIMITS = {"read": (100_000, 60), "book": (100_000, 60)}
# The forms' limits likewise (test_form_ratelimit sets small ones itself).
FORM_RATE_LIMITS = {
    group: (100_000, window) for group, (_, window) in project.FORM_RATE_LIMITS.items()
}
