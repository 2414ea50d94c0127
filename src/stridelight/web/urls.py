"""Addresses (DESIGN §4: stable, so bookmarks, e-mails and checks keep working)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from stridelight.clinic import api as clinic_api
from stridelight.web.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/services", clinic_api.service_list, name="api-services"),
    path("api/v1/slots", clinic_api.slot_list, name="api-slots"),
    path("api/v1/bookings", clinic_api.booking_create, name="api-bookings"),
]
