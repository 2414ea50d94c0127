"""The signed-in runner's pages, under /me/ (DESIGN §4)."""

from __future__ import annotations

from django.urls import URLPattern, path

from stridelight.runners import views_activities, views_uploads
from stridelight.runners.views_checkin import checkin

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
    # the daily check-in (views_checkin)
    path("check-in/", checkin, name="checkin"),
]
