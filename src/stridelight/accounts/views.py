"""Sign-up, the confirmation link and where log-in lands; log-in and password
reset are otherwise Django's views with our templates and forms (``urls``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from stridelight.accounts import services
from stridelight.accounts.forms import LoginForm, SignUpForm
from stridelight.accounts.models import Role, User
from stridelight.accounts.tokens import confirmation_tokens, user_of
from stridelight.web.ratelimit import form_rate_limited


def start_page(user: object) -> str:
    """Where a signed-in person starts: a runner on /me/, staff in the workspace
    (the runner's pages answer 404 to staff: runners.access)."""
    if isinstance(user, User) and user.role != Role.RUNNER:
        return "/clinic/"
    return "/me/"


class LoginView(auth_views.LoginView):
    """Django's log-in with our form; without a ``next``, each role's start page."""

    authentication_form = LoginForm

    def get_default_redirect_url(self) -> str:
        return start_page(self.request.user)


@form_rate_limited("signup")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A runner's account.  Whether the address already had one, the answer is
    the same page ("check your mail"); only the mail differs."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.runner_signup(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            request.session["signup_email"] = form.cleaned_data["email"]
            return redirect("signup_done")
    return render(request, "accounts/signup.html", {"form": form})


@require_GET
def signup_done(request: HttpRequest) -> HttpResponse:
    email = request.session.get("signup_email", "")
    return render(request, "accounts/signup_done.html", {"email": email})


@require_GET
def email_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link in the confirmation mail: confirms the address, then log in."""
    user = user_of(uidb64)
    if user is None or not confirmation_tokens.check_token(user, token):
        return render(request, "accounts/confirm_invalid.html", status=400)
    services.email_confirm(user=user)
    messages.success(request, "Your e-mail address is confirmed. You can log in now.")
    return redirect("login")
