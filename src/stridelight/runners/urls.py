"""The signed-in runner's pages, under /me/ (DESIGN §4)."""

from __future__ import annotations

from django.urls import URLPattern, path

from stridelight.runners import views_account

app_name = "runners"

urlpatterns: list[URLPattern] = [
    path("report/", views_account.report, name="report"),
    path("report/pdf/", views_account.report_pdf, name="report-pdf"),
    path("report/report.css", views_account.report_css, name="report-css"),
    path("export/", views_account.export, name="export"),
    path("delete/", views_account.delete, name="delete"),
]
