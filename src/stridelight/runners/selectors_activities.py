"""Reading a runner's activities for /me/activities/ (one runner's own only).

The list is the stored rows; the detail reads the activity's original file back
from the storage (``runners.originals``) for its route and its samples over
time: nothing of the samples is kept in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from stridelight import settings as env
from stridelight.core.route import RouteDrawing, route_drawing
from stridelight.core.run_series import RunSeries, Split, run_series, splits
from stridelight.importers import ReadError
from stridelight.importers.source import decode
from stridelight.runners import models as m

PER_PAGE = 25


def activity_for(runner: m.Runner, pk: int) -> m.Activity:
    """The runner's activity; another runner's (or none) answers 404."""
    return get_object_or_404(
        m.Activity.objects.select_related("shoe", "duplicate_of"), runner=runner, pk=pk
    )


def activities_page(runner: m.Runner, number: str | int | None) -> Page[m.Activity]:
    """One page of the runner's recordings, newest first; a copy of a recording
    (``duplicate_of``) is left out: it is counted once, as its kept file."""
    rows: QuerySet[m.Activity] = (
        m.Activity.objects.filter(runner=runner, duplicate_of__isnull=True)
        .select_related("shoe")
        .defer("channels", "extra", "shoe__extra")  # JSON the list never shows
        .order_by("-start", "-id")
    )
    return Paginator(rows, PER_PAGE).get_page(number)


def shoes_of(runner: m.Runner) -> list[m.Shoe]:
    """The runner's pairs to choose from: the ones still worn first."""
    return list(
        m.Shoe.objects.filter(runner=runner).order_by("retired_on", "name", "id")
    )


@dataclass(frozen=True)
class Recording:
    """What the original file shows beyond the row, or why it shows nothing."""

    route: RouteDrawing | None = None
    series: RunSeries | None = None
    splits: tuple[Split, ...] = ()
    missing: str | None = None  # why the file could not be read back


def recording_of(activity: m.Activity) -> Recording:
    name = activity.original.name
    if not name:
        return Recording(missing="Its original file was not kept.")
    try:
        with default_storage.open(name, "rb") as stored:
            data: bytes = stored.read()
        decoded = decode(data, source=name, limits=env.import_limits())
    except FileNotFoundError:
        return Recording(missing="Its original file is missing from the storage.")
    except ReadError as exc:
        return Recording(missing=f"Its original file could not be read: {exc.reason}")
    samples = decoded.samples
    return Recording(
        route=route_drawing(samples["lat"], samples["lon"]),
        series=run_series(samples),
        splits=splits(samples),
    )
