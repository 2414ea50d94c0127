"""Settings from the environment, read in this one module (docs/settings.md).

Each helper takes the variable's name and its default, and a bad value raises a
:class:`SettingError` whose message names the variable, so a command can print
it as one line.  ``core``, ``importers`` and ``report`` never read the
environment: the application reads it here and passes the values in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

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
