"""/me/uploads/: send activity files or a whole export; watch the worker read them.

The form is a plain multipart POST (drag and drop and the early limit check are
``uploads.js``'s extras).  The limits (``UPLOAD_MAX_BYTES``, ``UPLOAD_MAX_FILES``)
are checked before the body is read: the size from the request's declared
length, so a too-large upload is refused without being written anywhere.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from stridelight.runners import selectors_uploads as read
from stridelight.runners.access import signed_in
from stridelight.runners.services import runner_for
from stridelight.runners.uploads import upload_save
from stridelight.web.ratelimit import form_rate_limited

MIB = 1024 * 1024


def limits_text() -> str:
    mb = settings.UPLOAD_MAX_BYTES / MIB
    return f"Up to {settings.UPLOAD_MAX_FILES} files and {mb:g} MB in one upload."


# The CSRF token is checked in _checked_post, after the size: reading the token
# means reading the body, which a too-large upload must not make us do.
@csrf_exempt
@login_required
@form_rate_limited("upload", per_user=True)
@require_http_methods(["GET", "HEAD", "POST"])
def uploads(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.UPLOAD_MAX_BYTES:
        return _page(
            request, error=f"That upload is too large. {limits_text()}", status=413
        )
    try:
        return _checked_post(request)
    except TooManyFilesSent:
        return _page(request, error=f"That upload has too many files. {limits_text()}")


@csrf_protect
def _checked_post(request: HttpRequest) -> HttpResponse:
    files: list[UploadedFile[bytes]] = request.FILES.getlist("files")
    problem = _problem(files)
    if problem is not None:
        return _page(request, error=problem)
    upload = upload_save(runner=runner_for(signed_in(request)), files=files)
    return redirect("runners:upload", pk=upload.pk)


def _problem(files: list[UploadedFile[bytes]]) -> str | None:
    if not files:
        return "Choose at least one file to upload."
    if len(files) > settings.UPLOAD_MAX_FILES:
        return f"That upload has too many files. {limits_text()}"
    if sum(f.size or 0 for f in files) > settings.UPLOAD_MAX_BYTES:
        return f"That upload is too large. {limits_text()}"
    return None


def _page(
    request: HttpRequest, *, error: str | None = None, status: int | None = None
) -> HttpResponse:
    runner = runner_for(signed_in(request))
    context: dict[str, Any] = {
        "error": error,
        "limits": limits_text(),
        "max_files": settings.UPLOAD_MAX_FILES,
        "max_bytes": settings.UPLOAD_MAX_BYTES,
        "unfinished": read.uploads_unfinished(runner),
        "past": read.past_imports(runner),
    }
    return render(
        request,
        "runners/uploads.html",
        context,
        status=status or (400 if error else 200),
    )


@login_required
@require_GET
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    progress = _progress(request, pk)
    return render(request, "runners/upload.html", {"progress": progress})


@never_cache
@login_required
@require_GET
def upload_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """What the page's script polls: the state, a sentence, and the same HTML."""
    progress = _progress(request, pk)
    html = render_to_string("runners/_upload_progress.html", {"progress": progress})
    return JsonResponse(
        {
            "state": progress.state,
            "finished": progress.finished,
            "entries_read": progress.entries_read,
            "files": [
                {"name": f.name, "state": f.state, "entries_read": f.entries_read}
                for f in progress.files
            ],
            "counts": None if progress.counts is None else asdict(progress.counts),
            "rejected": [{"path": p, "reason": r} for p, r in progress.rejected],
            "message": progress.message,
            "html": html,
        }
    )


def _progress(request: HttpRequest, pk: int) -> read.UploadProgress:
    runner = runner_for(signed_in(request))
    return read.upload_progress(read.upload_for(runner, pk))
