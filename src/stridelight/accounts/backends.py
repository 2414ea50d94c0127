"""django-axes' lockout as an authentication backend, for logins over HTTP."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Refuses a locked-out login (ASVS 6.3.1); counts only requests.

    django-axes counts failures per e-mail address and client address, so it
    needs the request.  ``authenticate()`` without one (a shell, the test
    client's ``login``) has no address to count and is not a login over the
    network: this backend lets it through to the password check instead of
    raising, as django-axes' own backend would.
    """

    def authenticate(
        self, request: HttpRequest | None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, *args, **kwargs)
        return None


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address a login attempt names, as django-axes counts it.

    Both log-in forms (ours, the admin's) name the field ``username``; the
    address is compared as accounts are (trimmed, lower case), so ``ANN@…``
    and ``ann@…`` share one count instead of giving a guesser twice the tries.
    """
    given = credentials.get("username") if credentials else request.POST.get("username")
    return str(given or "").strip().lower()
