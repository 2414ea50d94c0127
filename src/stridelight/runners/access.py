"""Who may open the runner's pages: one rule for every address under /me/.

A signed-in runner opens their own pages; a stranger is sent to log in; any
other account (a therapist, a clinic admin) gets 404, as if the pages were not
there.  Staff keep no journal of their own, and read a client's data only in
the workspace, through its consent gate and its audit log (clinic.access).

The rule holds for the address, not view by view: :class:`RunnerPagesMiddleware`
applies it to every route under ``me/``, whichever app declares it, so a page
added there cannot forget it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from stridelight.accounts.models import Role, User

#: The route prefix of the runner's pages (DESIGN §4: /me/…).
RUNNER_PAGES = "me/"


def is_runner(user: User | AnonymousUser) -> bool:
    """A signed-in, active account whose role is runner."""
    return isinstance(user, User) and user.is_active and user.role == Role.RUNNER


def signed_in(request: HttpRequest) -> User:
    """The runner a view under /me/ serves: the middleware let only runners in."""
    user = request.user
    assert isinstance(user, User)
    return user


def refusal(request: HttpRequest) -> HttpResponseBase | None:
    """None when the request may open a runner's page; else the log-in page for
    a stranger, and 404 (raised) for any account that is not a runner's."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_runner(user):
        raise Http404("no runner pages for this account")
    return None


class RunnerPagesMiddleware:
    """Applies :func:`refusal` before any view under ``me/`` runs.

    After the CSRF middleware (a POST without its token is refused first, for
    everyone alike) and the authentication middleware (it needs the user).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponseBase],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is None or not str(match.route).startswith(RUNNER_PAGES):
            return None
        return refusal(request)
