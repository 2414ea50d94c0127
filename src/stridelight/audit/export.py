"""The audit log as CSV, for the admin's action and ``stridelight audit export``."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from stridelight.audit.models import AuditEntry

COLUMNS = (
    "at",
    "actor_id",
    "actor_email",
    "action",
    "client_id",
    "client_label",
    "object_type",
    "object_id",
    "ip_address",
    "user_agent",
)
#: A cell starting with one of these is a formula to a spreadsheet (OWASP
#: "CSV injection"): a user agent or a name could run one on the reader's machine.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(entries: Iterable[AuditEntry], out: TextIO) -> int:
    """Write a header and one row per entry (times in UTC, ISO 8601); the count."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for entry in entries:
        writer.writerow([_cell(getattr(entry, column)) for column in COLUMNS])
        count += 1
    return count


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
