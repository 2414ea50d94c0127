"""The admin shows runner data to staff; it never writes it (services do)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from stridelight.accounts.models import Role
from stridelight.runners import models as m


class ReadOnlyAdmin(admin.ModelAdmin[Model]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False


@admin.register(m.Runner)
class RunnerAdmin(ReadOnlyAdmin):
    list_display = ("user", "time_zone")
    search_fields = ("user__email",)


@admin.register(m.Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = (
        "path",
        "runner",
        "start",
        "sport",
        "distance_m",
        "format",
        "duplicate_of",
    )
    list_filter = ("sport", "format")
    search_fields = ("runner__user__email", "path", "sha256")
    date_hierarchy = "start"


for model in (m.Shoe, m.Ache, m.Habit, m.Screening, m.TherapySession, m.Checkin):
    admin.site.register(model, ReadOnlyAdmin)


class RejectedFileInline(admin.TabularInline[m.RejectedFile, m.ImportRun]):
    model = m.RejectedFile
    can_delete = False
    extra = 0
    readonly_fields = ("path", "reason")


@admin.register(m.ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("runner", "finished_at", "new", "already_there", "duplicates")
    search_fields = ("runner__user__email",)
    inlines = (RejectedFileInline,)


@admin.register(m.SharingConsent)
class SharingConsentAdmin(ReadOnlyAdmin):
    """Who shares their data with the clinic, and what exactly they agreed to.

    Read-only, also for clinic admins (who see it without model permissions):
    only the runner gives or withdraws it, at /me/sharing/.
    """

    list_display = ("runner", "scope", "text_version", "given_at", "revoked_at")
    list_filter = ("scope", "text_version")
    search_fields = ("runner__user__email",)
    date_hierarchy = "given_at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _clinic_admin(request) or super().has_module_permission(request)

    def has_view_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return _clinic_admin(request) or super().has_view_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False


def _clinic_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated and user.is_active and user.role == Role.CLINIC_ADMIN
    )
