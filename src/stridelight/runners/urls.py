"""The signed-in runner's pages, under /me/ (DESIGN §4)."""

from __future__ import annotations

from django.urls import URLPattern, path

from stridelight.runners import views_dashboard, views_journal

app_name = "runners"

urlpatterns: list[URLPattern] = [
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
]
