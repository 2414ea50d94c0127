"""Sign-up, log-in, log-out and password reset, under /accounts/."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, path

from stridelight.accounts import two_factor_views

urlpatterns: list[URLPattern] = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor_views.verify, name="two-factor"),
    path("two-factor/setup/", two_factor_views.setup, name="two-factor-setup"),
]
