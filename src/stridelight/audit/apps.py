from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "stridelight.audit"
    label = "audit"
    verbose_name = "Audit log"
