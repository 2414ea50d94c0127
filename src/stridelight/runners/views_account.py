"""The runner's report, data export and account deletion, under /me/.

Each page is the signed-in runner's own: there is no id in the address, so no
one else's data can be asked for, and other accounts get 404 (runners.access,
as every /me/ address).  Export and deletion ask for the password again (a
stolen session alone takes neither the data nor the account).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from stridelight import settings as env
from stridelight.accounts.forms import PasswordCheckForm
from stridelight.accounts.models import User
from stridelight.core.as_of import default_as_of
from stridelight.report import render_fragment, render_pdf, stylesheet
from stridelight.runners import services
from stridelight.runners.access import signed_in
from stridelight.runners.analysis import analysis, rendered
from stridelight.runners.exports import ExportError, export_bundle
from stridelight.runners.selectors import runner_data


@never_cache
@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The report inside the page, the same sections as the PDF and the CLI's."""
    user = signed_in(request)
    clinic = env.clinic_info()
    as_of, moved_from, name = _report_day(user)
    result = analysis(user=user, as_of=as_of, moved_from=moved_from)
    body = rendered(
        user=user,
        as_of=as_of,
        moved_from=moved_from,
        kind=f"report.html {clinic!r} {name!r}",
        render=lambda a: render_fragment(a, clinic=clinic, runner_name=name),
    )
    return render(request, "runners/report.html", {"report": body, "analysis": result})


@never_cache
@require_GET
@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The same report as a PDF to download (printed by WeasyPrint)."""
    user = signed_in(request)
    clinic = env.clinic_info()
    as_of, moved_from, name = _report_day(user)
    pdf = rendered(
        user=user,
        as_of=as_of,
        moved_from=moved_from,
        kind=f"report.pdf {clinic!r} {name!r}",
        render=lambda a: render_pdf(a, clinic=clinic, runner_name=name),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"stridelight-report-{as_of.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def report_css(request: HttpRequest) -> HttpResponse:
    """The report's stylesheet (it lives with the report package, not in static).

    Under /me/ like the report, so for runners only; kept in the browser's own
    cache, since a shared cache would answer those it is not for."""
    response = HttpResponse(stylesheet(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _report_day(user: User) -> tuple[date, date | None, str | None]:
    """The report's day: today in the runner's zone, or their newest data's day
    when that is long past (``core.as_of``; then also the day it moved from),
    and the runner's name for its header."""
    data = runner_data(user)
    # The edge of the program: the clock is read here, in the runner's zone.
    today = timezone.now().astimezone(data.profile.zone).date()
    as_of = default_as_of(data, today)
    moved_from = None if as_of == today else today
    return as_of, moved_from, data.profile.name


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def export(request: HttpRequest) -> HttpResponseBase:
    """The runner bundle (runner.json and every original file) as a zip."""
    user = signed_in(request)
    form = PasswordCheckForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            return _bundle_download(user)
        except ExportError as exc:
            form.add_error(None, f"The export could not be made: {exc}")
    return render(request, "runners/export.html", {"form": form})


def _bundle_download(user: User) -> FileResponse:
    """The zip streamed from an open file whose name is already gone: nothing of
    the runner's is left in the temporary folder, whatever the client does."""
    folder = Path(tempfile.mkdtemp(prefix="stridelight-export-"))
    try:
        written = export_bundle(user=user, dest=folder / "bundle.zip")
        handle = written.open("rb")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    day = timezone.now().date().isoformat()
    size = os.fstat(handle.fileno()).st_size
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"stridelight-{day}.zip",
        content_type="application/zip",
    )
    response["Content-Length"] = str(size)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest) -> HttpResponse:
    """The account and everything stored for it, once the password is given."""
    user = signed_in(request)
    form = PasswordCheckForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        services.account_delete(user=user)
        messages.success(
            request,
            "Your account and all its data are deleted. Thank you for trying Stridelight.",
        )
        return redirect("home")
    return render(request, "runners/delete.html", {"form": form})
