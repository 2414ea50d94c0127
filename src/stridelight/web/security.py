"""The project's own security middleware (docs/security.md).

Django and its add-ons send most headers (SecurityMiddleware, django-csp,
X-Frame-Options); these three fill the gaps: a ``Permissions-Policy`` header,
each role's session lifetime, and two-factor for staff before the staff pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

Handler = Callable[[HttpRequest], HttpResponse]

#: Where staff work on clients' data, and where an account's address changes
#: (a password alone must not move a staff account): not without a verified
#: second factor.
STAFF_AREAS = ("/admin/", "/clinic/", "/accounts/email/")
#: The admin's own log-in and log-out stay open (they lead to the second factor).
STAFF_AREA_EXITS = ("/admin/login/", "/admin/logout/")
#: The session key holding when the user signed in (ISO 8601, UTC).
SIGNED_IN_AT = "stridelight_signed_in_at"


class PermissionsPolicyMiddleware:
    """Turn off the browser features no page uses (camera, location, payment…)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SessionLifetimeMiddleware:
    """Each role's session lifetime (HIPAA 164.312(a)(2)(iii), ASVS 7.3.1/7.3.2).

    The session slides (``SESSION_SAVE_EVERY_REQUEST``): staff are signed out
    after ``STAFF_SESSION_IDLE`` without a request and after
    ``STAFF_SESSION_ABSOLUTE`` in any case; runners after
    ``RUNNER_SESSION_IDLE``.  Set on the way out, so the login response itself
    already carries the signed-in user's lifetime.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_staff and _past_absolute_cap(request):
            logout(request)
        response = self.get_response(request)
        user = request.user  # a login or logout in the view changed it
        if user.is_authenticated:
            idle = (
                settings.STAFF_SESSION_IDLE
                if user.is_staff
                else settings.RUNNER_SESSION_IDLE
            )
            if request.session.get_expiry_age() != int(idle.total_seconds()):
                request.session.set_expiry(int(idle.total_seconds()))
            request.session.setdefault(SIGNED_IN_AT, timezone.now().isoformat())
        return response


def _past_absolute_cap(request: HttpRequest) -> bool:
    signed_in = request.session.get(SIGNED_IN_AT)
    if not isinstance(signed_in, str):
        return False
    age = timezone.now() - datetime.fromisoformat(signed_in)
    return bool(age > settings.STAFF_SESSION_ABSOLUTE)


class StaffTwoFactorMiddleware:
    """Staff reach the admin and the clinic's pages only with a verified device.

    Runs after django-otp's ``OTPMiddleware`` (which gives ``request.user``
    its ``is_verified()``).  A staff member without a device is sent to enrol
    one, with one to verify it; either way back to the page asked for.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and request.path.startswith(STAFF_AREAS)
            and not request.path.startswith(STAFF_AREA_EXITS)
            and not user.is_verified()  # type: ignore[attr-defined]
        ):
            return HttpResponseRedirect(
                reverse("two-factor")
                + "?"
                + urlencode({"next": request.get_full_path()})
            )
        return self.get_response(request)
