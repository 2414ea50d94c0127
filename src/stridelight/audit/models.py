"""One audit entry per look at or change of a client's health data.

No foreign keys: an entry outlives the account it names (deleting a runner
keeps who looked at their data, docs/security.md), and a cascade or
``SET NULL`` would be an update the log must refuse.  The people and the object
are kept as ids and the labels they had at the time.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    """An attempt to change or remove an audit entry."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError(
        "audit entries are append-only: they cannot be changed or deleted"
    )


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Reads only: bulk ``update`` and ``delete`` refuse."""

    update = _refuse
    delete = _refuse


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    client_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    client_label = models.CharField(max_length=254, blank=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        who = self.actor_email or "system"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert once; saving an entry that exists refuses."""
        if not self._state.adding:
            _refuse()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()
