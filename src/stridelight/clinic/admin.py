"""The clinic's setup, editable by clinic admins; appointments and care plans
read-mostly.

Clinic admins (the role, not only superusers) get these pages without per-model
permissions being handed out: the role is the permission.  Clinical notes
(``SessionNote``, findings, addenda) are deliberately not registered: they are
read in the workspace, through its access gate and its audit log, and a signed
note never changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from stridelight.accounts.models import Role
from stridelight.clinic import models as m
from stridelight.clinic import services
from stridelight.clinic.models_notes import CarePlan


def clinic_admin(request: HttpRequest) -> bool:
    """A signed-in, active clinic admin (or a superuser)."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or user.role == Role.CLINIC_ADMIN)


class ClinicAdminAccess:
    """Full access for clinic admins; a subclass narrows it (read-only ones)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return clinic_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return clinic_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return clinic_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return clinic_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return clinic_admin(request)


class ReadOnlyAccess(ClinicAdminAccess):
    """Clinic admins look; services write (the workspace, the booking)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(m.ClinicSettings)
class ClinicSettingsAdmin(ClinicAdminAccess, admin.ModelAdmin[m.ClinicSettings]):
    list_display = ("name", "phone", "time_zone")


@admin.register(m.Service)
class ServiceAdmin(ClinicAdminAccess, admin.ModelAdmin[m.Service]):
    list_display = ("name", "slug", "minutes", "price", "one_per_person", "active")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012


class WeeklyHoursInline(
    ClinicAdminAccess, admin.TabularInline[m.WeeklyHours, m.Therapist]
):
    model = m.WeeklyHours
    extra = 0


class TimeOffInline(ClinicAdminAccess, admin.TabularInline[m.TimeOff, m.Therapist]):
    model = m.TimeOff
    extra = 0


@admin.register(m.Therapist)
class TherapistAdmin(ClinicAdminAccess, admin.ModelAdmin[m.Therapist]):
    list_display = ("display_name", "user", "active")
    filter_horizontal = ("services",)
    inlines = (WeeklyHoursInline, TimeOffInline)


class IntakeInline(ClinicAdminAccess, admin.StackedInline[m.Intake, m.Appointment]):
    """What the client answered and agreed to: a record, never edited."""

    model = m.Intake
    extra = 0
    can_delete = False
    readonly_fields = (
        "red_flag_answers",
        "answers",
        "consent_version",
        "consent_text",
        "consent_given_at",
    )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(m.Appointment)
class AppointmentAdmin(ClinicAdminAccess, admin.ModelAdmin[m.Appointment]):
    list_display = ("start", "service", "therapist", "client_name", "status")
    list_filter = ("status", "service", "therapist")
    date_hierarchy = "start"
    readonly_fields = (
        "blocked_start",
        "blocked_end",
        "created_at",
        "hold_expires_at",
        "ical_sequence",
        "cancelled_at",
    )
    inlines = (IntakeInline,)
    actions = ("cancel",)

    # Booked through the booking service only (its rules: hours, notice, no
    # overlap); cancelled with the action below, never deleted (a signed note
    # hangs on it).
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Cancel (inside 24 hours: recorded as late)")
    def cancel(self, request: HttpRequest, queryset: QuerySet[m.Appointment]) -> None:
        """Through the booking service, so the client gets the calendar CANCEL."""
        done = 0
        for appointment in queryset.filter(status=m.Status.BOOKED):
            services.appointment_cancel(appointment=appointment, now=timezone.now())
            done += 1
        self.message_user(request, f"{done} appointment(s) cancelled.")


@admin.register(m.Reminder)
class ReminderAdmin(ReadOnlyAccess, admin.ModelAdmin[m.Reminder]):
    """Read-only: the booking schedules these and the workers send them; an
    admin looks for ones not sent, and may not add, change or delete one (a
    deleted reminder would silently never be sent)."""

    list_display = ("due_at", "kind", "state", "attempts", "sent_at", "appointment")
    list_filter = ("state", "kind")
    date_hierarchy = "due_at"


@admin.register(CarePlan)
class CarePlanAdmin(ReadOnlyAccess, admin.ModelAdmin[CarePlan]):
    """Each row is one setting of the plan as the therapist made it on the client
    page (``clinic.care.care_plan_set``): the history is looked at, not edited."""

    list_display = ("runner", "cadence", "suggested", "set_by", "set_at")
    list_filter = ("cadence", "suggested")
    search_fields = ("runner__email", "set_by__email")
    date_hierarchy = "set_at"
