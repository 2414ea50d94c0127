"""Writing the audit log: the one function every app calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

from stridelight.audit.models import Action, AuditEntry

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest

    from stridelight.accounts.models import User
    from stridelight.runners.models import Runner

USER_AGENT_CHARS = AuditEntry._meta.get_field("user_agent").max_length or 300


def record(
    *,
    actor: User | None,
    action: Action | str,
    client: Runner | None,
    obj: Model | None,
    request: HttpRequest | None,
) -> AuditEntry:
    """Add an entry: ``actor`` did ``action`` to ``obj`` of ``client``'s data.

    ``actor`` None is the system (a task, the command line); ``request`` None
    is a command without an address.  ``action`` is one of :class:`Action`.
    """
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}: use one of {Action.values}")
    entry = AuditEntry(
        actor_id=actor.pk if actor is not None else None,
        actor_email=actor.email if actor is not None else "",
        action=action,
        client_id=client.pk if client is not None else None,
        client_label=str(client) if client is not None else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        ip_address=_address(request),
        user_agent=_user_agent(request),
    )
    entry.save()
    return entry


def _address(request: HttpRequest | None) -> str | None:
    """The client's address as the server saw it (REMOTE_ADDR; see docs/security.md)."""
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    if not isinstance(address, str):
        return None
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def _user_agent(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.headers.get("User-Agent", ""))[:USER_AGENT_CHARS]
