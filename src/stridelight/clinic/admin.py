"""The clinic's setup, editable by clinic admins; appointments read-mostly."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from stridelight.clinic import models as m
from stridelight.clinic import services


@admin.register(m.ClinicSettings)
class ClinicSettingsAdmin(admin.ModelAdmin[m.ClinicSettings]):
    list_display = ("name", "phone", "time_zone")


@admin.register(m.Service)
class ServiceAdmin(admin.ModelAdmin[m.Service]):
    list_display = ("name", "slug", "minutes", "price", "one_per_person", "active")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012


class WeeklyHoursInline(admin.TabularInline[m.WeeklyHours, m.Therapist]):
    model = m.WeeklyHours
    extra = 0


class TimeOffInline(admin.TabularInline[m.TimeOff, m.Therapist]):
    model = m.TimeOff
    extra = 0


@admin.register(m.Therapist)
class TherapistAdmin(admin.ModelAdmin[m.Therapist]):
    list_display = ("display_name", "user", "active")
    filter_horizontal = ("services",)
    inlines = (WeeklyHoursInline, TimeOffInline)


class IntakeInline(admin.StackedInline[m.Intake, m.Appointment]):
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

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(m.Appointment)
class AppointmentAdmin(admin.ModelAdmin[m.Appointment]):
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

    @admin.action(description="Cancel (inside 24 hours: recorded as late)")
    def cancel(self, request: HttpRequest, queryset: QuerySet[m.Appointment]) -> None:
        """Through the booking service, so the client gets the calendar CANCEL."""
        done = 0
        for appointment in queryset.filter(status=m.Status.BOOKED):
            services.appointment_cancel(appointment=appointment, now=timezone.now())
            done += 1
        self.message_user(request, f"{done} appointment(s) cancelled.")


@admin.register(m.Reminder)
class ReminderAdmin(admin.ModelAdmin[m.Reminder]):
    """Read-only: the workers write these; an admin looks for ones not sent."""

    list_display = ("due_at", "kind", "state", "attempts", "sent_at", "appointment")
    list_filter = ("state", "kind")
    date_hierarchy = "due_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: m.Reminder | None = None
    ) -> bool:
        return False
