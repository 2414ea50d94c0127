"""The audit log: who read or changed whose health data, when, and from where.

Other apps call :func:`record` for every staff read or change of a client's
health data (HIPAA 164.312(b), ASVS 16.3).  Entries are append-only for the
application, and on PostgreSQL for the database too (docs/security.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest

    from stridelight.accounts.models import User
    from stridelight.audit.models import AuditEntry
    from stridelight.runners.models import Runner


def record(
    *,
    actor: User | None,
    action: str,
    client: Runner | None,
    obj: Model | None,
    request: HttpRequest | None,
) -> AuditEntry:
    """Add one entry; see :func:`stridelight.audit.services.record`.

    Here so callers write ``audit.record(...)``; the import waits for the call
    because this package is imported before Django's models are ready.
    """
    from stridelight.audit import services

    return services.record(
        actor=actor, action=action, client=client, obj=obj, request=request
    )
