"""Sign-up, log-in, log-out, password reset, two-factor and a new e-mail
address, under /accounts/ (DESIGN §4)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, path

from stridelight.accounts import email_change_views, two_factor_views, views
from stridelight.accounts.forms import (
    ConfirmationSetPasswordForm,
    ResetRequestForm,
)
from stridelight.web.ratelimit import form_rate_limited

T = "accounts/"

urlpatterns: list[URLPattern] = [
    # Log-in and reset forms sent too often from one address answer 429
    # (web.ratelimit; the lockout of one account is django-axes').
    path(
        "login/",
        form_rate_limited("login")(views.LoginView.as_view()),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("confirm/<uidb64>/<token>/", views.email_confirm, name="email_confirm"),
    # Django's reset: the form answers the same for every address (it mails only
    # an active account), the link leads to a new password.
    path(
        "password-reset/",
        form_rate_limited("password_reset")(
            auth_views.PasswordResetView.as_view(
                template_name=T + "password_reset_form.html",
                form_class=ResetRequestForm,
                email_template_name=T + "email/password_reset.txt",
                subject_template_name=T + "email/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=T + "password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=T + "password_reset_confirm.html",
            form_class=ConfirmationSetPasswordForm,
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=T + "password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("two-factor/", two_factor_views.verify, name="two-factor"),
    path("two-factor/setup/", two_factor_views.setup, name="two-factor-setup"),
    # A new e-mail address: the password asked again, the change made by a link
    # mailed to the new address (accounts.email_change).
    path("email/", email_change_views.email_change, name="email_change"),
    path(
        "email/confirm/<uidb64>/<token>/",
        email_change_views.email_change_confirm,
        name="email_change_confirm",
    ),
]
