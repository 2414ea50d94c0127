"""The clinic's setup, editable by clinic admins; appointments read-mostly."""

from __future__ import annotations

from django.contrib import admin

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
