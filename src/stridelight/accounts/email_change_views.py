"""``/accounts/email/``: a signed-in person (runner or staff) asks to change
their address; the link mailed to the new address makes the change
(``accounts.email_change``).

Staff reach these pages only with a verified second factor, like the admin and
the workspace (``web.security.STAFF_AREAS``): a password alone must not move a
staff account.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from stridelight.accounts.email_change import (
    email_change_apply,
    email_change_request,
    pending_change,
)
from stridelight.accounts.forms import EmailChangeForm
from stridelight.accounts.models import Role, User
from stridelight.web.ratelimit import form_rate_limited


@never_cache
@login_required
@form_rate_limited("email_change", per_user=True)
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    """The new address and the password.  The answer is the same whether or
    not the address has an account; only the mail to it differs."""
    user = cast(User, request.user)
    form = EmailChangeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        email_change_request(
            user=user, new_email=new_email, site_url=request.build_absolute_uri("/")
        )
        messages.success(
            request,
            f"We have sent a message to {new_email}. Open the link in it within "
            f"three days to finish the change; until then your address stays "
            f"{user.email}.",
        )
        return redirect("email_change")
    context = {"form": form, "base": _base_template(user)}
    return render(request, "accounts/email_change.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link in the mail to the new address: a GET shows what it will do (a
    mail program opening links to look at them changes nothing), the button
    makes the change.  Signed in or not: the link itself is the proof."""
    user = pending_change(uidb64, token)
    if user is None:
        return render(request, "accounts/email_change_invalid.html", status=400)
    new_email = user.pending_email
    if request.method == "GET":
        context = {"new_email": new_email}
        return render(request, "accounts/email_change_confirm.html", context)
    site_url = request.build_absolute_uri("/")
    if not email_change_apply(user=user, site_url=site_url):
        return render(request, "accounts/email_change_invalid.html", status=400)
    messages.success(
        request, f"Your e-mail address is now {new_email}. Use it to log in."
    )
    signed_in_as_them = request.user.pk == user.pk
    return redirect("email_change" if signed_in_as_them else "login")


def _base_template(user: User) -> str:
    """The page sits in the person's own area: the runner's menu or the workspace's."""
    if user.role == Role.RUNNER:
        return "runners/me_base.html"
    return "clinic/workspace_base.html"
