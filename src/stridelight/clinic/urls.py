"""The clinic's public pages: /book/ and /manage/<token>/ (DESIGN §4)."""

from __future__ import annotations

from django.urls import URLPattern, path

from stridelight.clinic import (
    manage_views,
    views,
    views_care,
    views_notes,
    views_outcomes,
    views_workspace,
)

app_name = "clinic"

urlpatterns: list[URLPattern] = [
    path("book/", views.book_start, name="book"),
    path("book/see-a-physician/", views.book_physician, name="book-physician"),
    path("book/service/", views.book_service, name="book-service"),
    path("book/details/", views.book_details, name="book-details"),
    path("book/details/extend/", views.book_extend, name="book-extend"),
    path("book/confirmed/", views.book_confirmed, name="book-confirmed"),
    path("book/<slug:slug>/", views.book_day, name="book-day"),
    path("book/<slug:slug>/<str:day>/", views.book_time, name="book-time"),
    path("manage/<str:token>/", manage_views.manage, name="manage"),
    path(
        "manage/<str:token>/cancel/", manage_views.manage_cancel, name="manage-cancel"
    ),
    path(
        "manage/<str:token>/reschedule/",
        manage_views.manage_reschedule,
        name="manage-reschedule",
    ),
    # The runner's Patient-Specific Functional Scale (clinic.outcomes).
    path("me/psfs/", views_outcomes.psfs, name="psfs"),
    path("psfs/<str:token>/", views_outcomes.psfs_link, name="psfs-link"),
    # The therapists' workspace (staff only; clinic.access).
    path("clinic/", views_workspace.schedule, name="schedule"),
    path("clinic/clients/<int:runner_id>/", views_care.client, name="client"),
    path(
        "clinic/appointments/<int:appointment_id>/brief/",
        views_workspace.brief,
        name="brief",
    ),
    path(
        "clinic/appointments/<int:appointment_id>/notes/",
        views_notes.notes,
        name="notes",
    ),
]
