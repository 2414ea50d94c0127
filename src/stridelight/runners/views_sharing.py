"""/me/sharing/: the runner gives or withdraws consent to share their data with
the clinic's therapists (``runners.sharing``); either takes effect at once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stridelight.runners import services, sharing
from stridelight.runners.access import signed_in
from stridelight.runners.selectors import sharing_in_force


@login_required
@require_http_methods(["GET", "POST"])
def sharing_page(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if request.method == "POST":
        runner = services.runner_for(user)
        if request.POST.get("action") == "give":
            services.sharing_give(runner=runner, at=timezone.now())
            messages.success(request, "The clinic's therapists can now see your data.")
        else:
            services.sharing_revoke(runner=runner, at=timezone.now())
            messages.success(
                request, "Sharing stopped: the clinic sees your bookings only."
            )
        return redirect("runners:sharing")
    return render(
        request,
        "runners/sharing.html",
        {"consent": sharing_in_force(user), "text": sharing.TEXT},
    )
