"""The second-factor pages: enrol an authenticator, and verify a code.

Staff land here from :class:`stridelight.web.security.StaffTwoFactorMiddleware`
with ``?next=`` the page they asked for, and go back there once verified.
"""

from __future__ import annotations

from typing import cast

import django_otp
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from stridelight.accounts import two_factor
from stridelight.accounts.models import User

WRONG_CODE = "That code did not match. Check the time on your phone and try again."


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text"}
        ),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """A code from the authenticator app, or a recovery code."""
    user = cast(User, request.user)
    if not two_factor.has_second_factor(user):
        return _to("two-factor-setup", request)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        device = django_otp.match_token(user, code)
        if device is not None:
            django_otp.login(request, device)
            return HttpResponseRedirect(_next(request))
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next(request)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator: its secret, then a code it shows to confirm.

    Replacing an enrolled authenticator needs that one verified first, so a
    stolen password alone cannot enrol the thief's phone.
    """
    user = cast(User, request.user)
    if two_factor.has_second_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
        return _to("two-factor", request)
    device = two_factor.authenticator_pending(user=user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        codes = two_factor.authenticator_confirm(user=user, device=device, code=code)
        if codes:
            django_otp.login(request, device)
            done = {"codes": codes, "next": _next(request)}
            return render(request, "accounts/two_factor_codes.html", done)
        form.add_error("code", WRONG_CODE)
    context: dict[str, object] = {
        "form": form,
        "secret": two_factor.secret_for_typing(device),
        "config_url": device.config_url,
        "next": _next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _next(request: HttpRequest) -> str:
    """Where to go once verified: ``next`` when it is this site's, else home."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return "/"


def _to(name: str, request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(
        reverse(name) + "?" + urlencode({"next": _next(request)})
    )
