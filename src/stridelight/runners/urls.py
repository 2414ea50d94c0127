"""The signed-in runner's pages, under /me/ (DESIGN §4).

Every address under /me/ (these, and the clinic's /me/psfs/) is for runners
only: runners.access.RunnerPagesMiddleware sends a stranger to log in and
answers 404 to any other account, before the view runs.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from stridelight.runners import (
    views_account,
    views_activities,
    views_checkin,
    views_dashboard,
    views_journal,
    views_sharing,
    views_uploads,
)

app_name = "runners"

urlpatterns: list[URLPattern] = [
    # uploads and activities (views_uploads, views_activities)
    path("uploads/", views_uploads.uploads, name="uploads"),
    path("uploads/<int:pk>/", views_uploads.upload, name="upload"),
    path(
        "uploads/<int:pk>/progress/",
        views_uploads.upload_progress,
        name="upload-progress",
    ),
    path("activities/", views_activities.activity_list, name="activities"),
    path("activities/<int:pk>/", views_activities.activity_detail, name="activity"),
    path(
        "activities/<int:pk>/shoe/",
        views_activities.activity_shoe,
        name="activity-shoe",
    ),
    # the dashboard and the journal pages (views_dashboard, views_journal)
    path("", views_dashboard.dashboard, name="dashboard"),
    path("shoes/", views_journal.shoes, name="shoes"),
    path("shoes/<int:pk>/", views_journal.shoe_change, name="shoe-change"),
    path("habits/", views_journal.habits, name="habits"),
    path("habits/<int:pk>/delete/", views_journal.habit_delete, name="habit-delete"),
    path("screenings/", views_journal.screenings, name="screenings"),
    path(
        "screenings/<int:pk>/delete/",
        views_journal.screening_delete,
        name="screening-delete",
    ),
    # the report, export and deletion (views_account)
    path("report/", views_account.report, name="report"),
    path("report/pdf/", views_account.report_pdf, name="report-pdf"),
    path("report/report.css", views_account.report_css, name="report-css"),
    path("export/", views_account.export, name="export"),
    path("delete/", views_account.delete, name="delete"),
    # the daily check-in (views_checkin)
    path("check-in/", views_checkin.checkin, name="checkin"),
    # consent to share with the clinic (views_sharing)
    path("sharing/", views_sharing.sharing_page, name="sharing"),
]
