"""The audit log in the admin: read-only, filterable, for clinic admins only."""

from __future__ import annotations

import io
from typing import Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from stridelight import audit
from stridelight.accounts.models import Role, User
from stridelight.audit.export import write_csv
from stridelight.audit.models import Action, AuditEntry


def _clinic_admin(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role == Role.CLINIC_ADMIN


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = (
        "at",
        "actor_email",
        "action",
        "client_label",
        "object_type",
        "object_id",
        "ip_address",
    )
    list_filter = ("action", "object_type", "at")
    search_fields = ("actor_email", "client_label", "object_id", "ip_address")
    date_hierarchy = "at"
    actions = ("export_csv",)
    list_per_page = 100

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _clinic_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _clinic_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Export the selected entries as CSV")
    def export_csv(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry]
    ) -> HttpResponse:
        buffer = io.StringIO()
        count = write_csv(queryset.order_by("at", "id"), buffer)
        # Reading the log is itself worth a line in it.
        audit.record(
            actor=cast(User, request.user),
            action=Action.EXPORT,
            client=None,
            obj=None,
            request=request,
        )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        response["X-Audit-Entries"] = str(count)
        return response
