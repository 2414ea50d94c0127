"""The clinic's setup, editable by clinic admins; appointments read-mostly."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from stridelight.clinic import models as m


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


@admin.register(m.Appointment)
class AppointmentAdmin(admin.ModelAdmin[m.Appointment]):
    list_display = ("start", "service", "therapist", "client_name", "status")
    list_filter = ("status", "service", "therapist")
    date_hierarchy = "start"
    readonly_fields = ("blocked_start", "blocked_end", "created_at")


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
