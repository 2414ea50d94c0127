"""Settings from the environment, read in this one module (docs/settings.md).

Each helper takes the variable's name and its default, and a bad value raises a
:class:`SettingError` whose message names the variable, so a command can print
it as one line.  ``core``, ``importers`` and ``report`` never read the
environment: the application reads it here and passes the values in.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from stridelight.importers.limits import MIB, LimitNames, Limits

if TYPE_CHECKING:
    from stridelight.report.sections import ClinicInfo

Environ = Mapping[str, str]

CLINIC_NAME = "Stridelight Clinic"
CLINIC_PHONE = "(718) 369-0505"


class SettingError(ValueError):
    """An environment variable with a value Stridelight cannot use."""

    def __init__(self, name: str, raw: str, problem: str) -> None:
        super().__init__(f"{name}={raw!r} {problem}")
        self.name = name


def env_str(name: str, default: str, *, environ: Environ | None = None) -> str:
    """A one-line text; unset or blank means the default."""
    value = env_optional_str(name, environ=environ)
    return default if value is None else value


def env_optional_str(name: str, *, environ: Environ | None = None) -> str | None:
    """A one-line text, or None when unset or blank."""
    raw = _raw(name, environ)
    if raw is None or not raw.strip():
        return None
    if "\n" in raw or "\r" in raw:
        raise SettingError(name, raw, "holds a line break; it must be one line")
    return raw.strip()


def env_float(
    name: str,
    default: float,
    *,
    more_than: float | None = None,
    environ: Environ | None = None,
) -> float:
    """A number; unset or blank means the default (which is not checked)."""
    raw = _raw(name, environ)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingError(name, raw, "is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise SettingError(name, raw, "is not a finite number")
    if more_than is not None and value <= more_than:
        what = "positive" if more_than == 0 else f"more than {more_than:g}"
        raise SettingError(name, raw, f"must be {what}")
    return value


def env_int(
    name: str, default: int, *, at_least: int = 0, environ: Environ | None = None
) -> int:
    """A whole number, at least ``at_least``; unset or blank means the default."""
    raw = _raw(name, environ)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(name, raw, "is not a whole number") from None
    if value < at_least:
        raise SettingError(name, raw, f"must be at least {at_least}")
    return value


def quiet_hours(environ: Environ | None = None) -> tuple[time, time] | None:
    """``STRIDELIGHT_QUIET_HOURS``: ``HH:MM-HH:MM`` on the clinic's wall clock
    (default 21:00-08:00) when no reminder is sent; ``off`` for none."""
    value = env_str("STRIDELIGHT_QUIET_HOURS", "21:00-08:00", environ=environ)
    name = "STRIDELIGHT_QUIET_HOURS"
    if value.lower() in _FALSE:
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError:
        raise SettingError(name, value, "is not HH:MM-HH:MM or off") from None
    if start == end:
        raise SettingError(name, value, "starts and ends at the same time")
    return start, end


def _raw(name: str, environ: Environ | None) -> str | None:
    return (os.environ if environ is None else environ).get(name)


#: The variable behind each limit; a limit error names it, so the fix is in the message.
LIMIT_VARIABLES = LimitNames(
    max_file_bytes="STRIDELIGHT_MAX_FILE_MB",
    max_archive_bytes="STRIDELIGHT_MAX_ARCHIVE_MB",
    max_members="STRIDELIGHT_MAX_MEMBERS",
    max_ratio="STRIDELIGHT_MAX_RATIO",
)


def import_limits(environ: Environ | None = None) -> Limits:
    """What reading may cost: ``STRIDELIGHT_MAX_FILE_MB`` and friends."""
    default = Limits()
    names = LIMIT_VARIABLES

    def positive(name: str, fallback: float) -> float:
        return env_float(name, fallback, more_than=0, environ=environ)

    return Limits(
        max_file_bytes=int(
            positive(names.max_file_bytes, default.max_file_bytes / MIB) * MIB
        ),
        max_archive_bytes=int(
            positive(names.max_archive_bytes, default.max_archive_bytes / MIB) * MIB
        ),
        max_members=int(positive(names.max_members, default.max_members)),
        max_ratio=positive(names.max_ratio, default.max_ratio),
        names=names,
    )


def clinic_info(environ: Environ | None = None) -> ClinicInfo:
    """The clinic named on every report and booking page."""
    # Imported here: the report package loads the charting stack (over a second),
    # which ``decode`` and ``analyze --json`` never need.
    from stridelight.report.sections import ClinicInfo

    return ClinicInfo(
        name=env_str("STRIDELIGHT_CLINIC_NAME", CLINIC_NAME, environ=environ),
        phone=env_str("STRIDELIGHT_CLINIC_PHONE", CLINIC_PHONE, environ=environ),
        address=env_optional_str("STRIDELIGHT_CLINIC_ADDRESS", environ=environ),
    )


# --- uploads through the web app (read by stridelight.web) ----------------------

#: What one upload on /me/uploads/ may send: a whole export fits, a disk does not fill.
UPLOAD_MAX_MB = 2048.0
UPLOAD_MAX_FILES = 500


def upload_max_bytes(environ: Environ | None = None) -> int:
    """``STRIDELIGHT_UPLOAD_MAX_MB``: the largest request /me/uploads/ accepts."""
    mb = env_float(
        "STRIDELIGHT_UPLOAD_MAX_MB", UPLOAD_MAX_MB, more_than=0, environ=environ
    )
    return int(mb * MIB)


def upload_max_files(environ: Environ | None = None) -> int:
    """``STRIDELIGHT_UPLOAD_MAX_FILES``: how many files one upload may hold."""
    count = env_float(
        "STRIDELIGHT_UPLOAD_MAX_FILES", UPLOAD_MAX_FILES, more_than=0, environ=environ
    )
    if count != int(count):
        raise SettingError(
            "STRIDELIGHT_UPLOAD_MAX_FILES", str(count), "must be a whole number"
        )
    return int(count)


# --- the store: data folder, database, secret key (read by stridelight.web) ----

DATA_DIR = "var"
KEY_FILE = "secret_key"
SQLITE_FILE = "stridelight.sqlite3"
#: How long an SQLite writer waits for another's lock before giving up.
SQLITE_BUSY_TIMEOUT_S = 20
#: WAL lets readers run beside the one writer (a page while an import writes);
#: NORMAL sync is safe in WAL mode (no corruption, at worst the last commit lost
#: on power loss).  Foreign keys: Django turns them on too; said here for clarity.
SQLITE_INIT = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000};"
    "PRAGMA foreign_keys=ON;"
)
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def env_bool(name: str, default: bool, *, environ: Environ | None = None) -> bool:
    """Yes or no: 1/true/yes/on or 0/false/no/off, any case; unset means the default."""
    value = env_optional_str(name, environ=environ)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SettingError(
        name, value, "is not yes or no: use 1/true/yes/on or 0/false/no/off"
    )


def env_list(
    name: str, default: tuple[str, ...], *, environ: Environ | None = None
) -> tuple[str, ...]:
    """Comma-separated words (blanks dropped); unset means the default."""
    value = env_optional_str(name, environ=environ)
    if value is None:
        return default
    return tuple(part.strip() for part in value.split(",") if part.strip())


def data_dir(environ: Environ | None = None) -> Path:
    """``STRIDELIGHT_DATA_DIR``: the embedded database, uploaded files, the secret key."""
    return Path(env_str("STRIDELIGHT_DATA_DIR", DATA_DIR, environ=environ)).absolute()


def database(environ: Environ | None = None) -> dict[str, Any]:
    """``DATABASE_URL`` as Django's ``DATABASES["default"]``.

    Unset: an SQLite file in the data folder.  ``sqlite:///relative/file`` or
    ``sqlite:////absolute/file``; ``postgres://user:password@host:port/name``
    (or ``postgresql://``), with query parameters such as ``sslmode=require``
    passed to psycopg.
    """
    url = env_optional_str("DATABASE_URL", environ=environ)
    if url is None:
        return sqlite_database(data_dir(environ) / SQLITE_FILE)
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return _sqlite_from_url(url, parts.path)
    if parts.scheme in ("postgres", "postgresql"):
        return _postgres_from_url(url, parts)
    raise SettingError(
        "DATABASE_URL", url, "is not a sqlite:/// or postgres:// address"
    )


def sqlite_database(path: Path) -> dict[str, Any]:
    """An SQLite file in WAL mode, with a busy timeout and foreign keys on.

    ``IMMEDIATE`` transactions take the write lock at BEGIN: two writers then
    wait their turn (up to the timeout) instead of failing with "database is
    locked" when a read lock cannot be upgraded.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": SQLITE_INIT,
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT_S,
        },
    }


def _sqlite_from_url(url: str, path: str) -> dict[str, Any]:
    # sqlite:///var/db.sqlite3 gives "/var/db.sqlite3": one slash is the separator.
    name = path[1:] if path.startswith("/") else path
    if not name:
        raise SettingError("DATABASE_URL", url, "names no database file")
    return sqlite_database(Path(unquote(name)).absolute())


def _postgres_from_url(url: str, parts: SplitResult) -> dict[str, Any]:
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise SettingError("DATABASE_URL", url, "names no database after the host")
    try:
        port = parts.port
    except ValueError:
        raise SettingError(
            "DATABASE_URL", url, "has a port that is not a number"
        ) from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
        # Keep connections for a minute rather than one per request.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def secret_key(*, production: bool, environ: Environ | None = None) -> str:
    """``SECRET_KEY``; required in production, else kept in the data folder.

    The embedded store creates a random key on first use, in a file only its
    owner can read, so sessions survive a restart without anyone setting one.
    """
    key = env_optional_str("SECRET_KEY", environ=environ)
    if key is not None:
        return key
    if production:
        raise SettingError(
            "SECRET_KEY", "", "must be set when STRIDELIGHT_PRODUCTION is on"
        )
    return stored_secret_key(data_dir(environ) / KEY_FILE)


def stored_secret_key(path: Path) -> str:
    """The key in ``path``, created (mode 0600) when missing."""
    if not path.exists():
        _create_key_file(path)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 50:
        raise SettingError(
            "SECRET_KEY", "", f"is unset and {path} holds no key of 50+ characters"
        )
    return key


def _create_key_file(path: Path) -> None:
    """Written whole beside it, then linked in: two processes starting at once
    keep one key, and neither reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(50))
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process was first: its key stands
    finally:
        draft.unlink()


# --- background tasks and the cache (read by stridelight.web) -----------------

#: ``STRIDELIGHT_TASKS_BACKEND``'s words and the django-tasks backend of each.
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
RQ_JOB_CLASS = "django_tasks_rq.Job"


def tasks_backend(environ: Environ | None = None) -> str:
    """``STRIDELIGHT_TASKS_BACKEND``: ``database`` (default) or ``rq`` (Redis),
    as the backend's dotted path; a dotted path itself is taken as it is."""
    value = env_str("STRIDELIGHT_TASKS_BACKEND", "database", environ=environ)
    if value in TASKS_BACKENDS:
        return TASKS_BACKENDS[value]
    if "." in value:
        return value
    raise SettingError("STRIDELIGHT_TASKS_BACKEND", value, "is not database or rq")


def redis_url(environ: Environ | None = None) -> str | None:
    """``REDIS_URL``: the Redis of the rq task queue and of the cache; None: none."""
    url = env_optional_str("REDIS_URL", environ=environ)
    if url is not None and urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise SettingError("REDIS_URL", url, "is not a redis:// address")
    return url
