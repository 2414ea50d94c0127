"""/me/: the runner's dashboard, the report's analysis read from the store.

The view reads the clock once (the edge, as ``cli_output.analysis_day`` does
for the command line), picks the day the analysis is as of from a few
aggregates (``analysis_day``), and takes the analysis from the cache while the
runner's data is unchanged: a warm page runs a handful of small queries.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from stridelight import settings as stridelight_settings
from stridelight.accounts.models import User
from stridelight.core.as_of import stale_notice
from stridelight.core.results import Analysis
from stridelight.runners import dashboard as content
from stridelight.runners.access import signed_in
from stridelight.runners.analysis import analysis
from stridelight.runners.analysis_day import analysis_day, today_for
from stridelight.runners.services import runner_for


def current_analysis(user: User) -> Analysis:
    """The runner's analysis as of today in their zone, or their newest data's day."""
    runner = runner_for(user)
    # The edge: the only place these pages read the clock.
    today = today_for(runner, timezone.now())
    as_of, moved_from = analysis_day(runner, today)
    return analysis(user=user, as_of=as_of, moved_from=moved_from)


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    result = current_analysis(signed_in(request))
    context = content.context(result)
    context["clinic"] = stridelight_settings.clinic_info()
    context["stale_notice"] = (
        None
        if result.moved_from is None
        else stale_notice(result.as_of, result.moved_from)
    )
    return render(request, "runners/dashboard.html", context)
