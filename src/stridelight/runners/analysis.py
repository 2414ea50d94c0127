"""A runner's analysis from the store, kept until their data changes.

``analysis`` reads the rows (``selectors.data_of``, no file decoded; after a
check-in only the diary's, ``data_cache``) and runs
``core.analysis.analyze`` with the copies counted from the rows, so it gives the
document ``analyze`` gives on the runner's bundle or on their export.  The result
is cached (Django's cache framework) under the runner's id and ``data_version``:
every service that writes raises the version, so a cached analysis is never read
after the data it stands on changed.  The keys kept for a runner are listed under
the runner (entries of older versions are removed as a newer one is kept), so
deleting an account removes them all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, tzinfo
from typing import TypeVar, cast

from django.core.cache import cache

from stridelight.accounts.models import User
from stridelight.core.analysis import analyze
from stridelight.core.journal import RunnerData
from stridelight.core.results import Analysis
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.runners import data_cache
from stridelight.runners import models as m
from stridelight.runners.data_cache import collector_paused
from stridelight.runners.selectors import PROFILE_COLUMNS

T = TypeVar("T")

#: How long a cached analysis of an unchanged runner is kept (30 days): a day
#: asked for again is read from the cache; old versions' entries fall away.
CACHE_SECONDS = 30 * 24 * 3600


def analysis(
    *,
    user: User,
    as_of: date,
    thresholds: Thresholds = DEFAULTS,
    moved_from: date | None = None,
) -> Analysis:
    """The runner's analysis as of a day, from the cache while their data is unchanged.

    ``moved_from``: the day asked for, when the data ended so long before it that
    ``as_of`` is the newest data's day instead (``core.as_of``).
    """
    runner = _runner(user)
    if runner is None:
        return analyze(RunnerData(), as_of=as_of, thresholds=thresholds)
    key = cache_key(runner, as_of, thresholds, moved_from)
    cached = cache.get(key)
    if isinstance(cached, Analysis):
        return cached
    return _computed(runner, key, as_of, thresholds, moved_from)


def rendered(
    *,
    user: User,
    as_of: date,
    moved_from: date | None,
    kind: str,
    render: Callable[[Analysis], T],
) -> T:
    """Something made from the analysis (the report's HTML, its PDF), kept in the
    cache beside it under the same version: made again only when the runner's
    data changed.  ``kind`` names it, and everything else it depends on."""
    runner = _runner(user)
    if runner is None:
        return render(analysis(user=user, as_of=as_of, moved_from=moved_from))
    key = f"{cache_key(runner, as_of, DEFAULTS, moved_from)}:{_digest(kind)}"
    cached = cache.get(key)
    if cached is not None:
        return cast(T, cached)
    made = render(analysis(user=user, as_of=as_of, moved_from=moved_from))
    cache.set(key, made, CACHE_SECONDS)
    _remember(runner.pk, key)
    return made


def refresh(
    *,
    user: User,
    as_of: date,
    thresholds: Thresholds = DEFAULTS,
    moved_from: date | None = None,
) -> Analysis:
    """Compute the analysis again and cache it (a background task's work)."""
    runner = _runner(user)
    if runner is None:
        return analyze(RunnerData(), as_of=as_of, thresholds=thresholds)
    key = cache_key(runner, as_of, thresholds, moved_from)
    return _computed(runner, key, as_of, thresholds, moved_from)


def cache_key(
    runner: m.Runner, as_of: date, thresholds: Thresholds, moved_from: date | None
) -> str:
    """Where the analysis of this runner's data version, day and settings is kept."""
    settings = "defaults" if thresholds == DEFAULTS else _digest(repr(thresholds))
    moved = "" if moved_from is None else moved_from.isoformat()
    return (
        f"stridelight:analysis:{runner.pk}:{runner.data_version}:"
        f"{as_of.isoformat()}:{moved}:{settings}"
    )


def copies_until(runner: m.Runner, as_of: date, zone: tzinfo) -> int:
    """How many stored files are copies of another recording, up to ``as_of``
    in the runner's days (``Ingested.duplicates_until``, from the rows)."""
    starts = m.Activity.objects.filter(
        runner=runner, duplicate_of__isnull=False
    ).values_list("start", flat=True)
    return sum(1 for start in starts if start.astimezone(zone).date() <= as_of)


def _runner(user: User) -> m.Runner | None:
    # The version is read before the data: a write in between leaves newer
    # data under an older key, never older data under the newest one.
    # The profile is read along, for ``data_of``: one query less on a cold read.
    columns = ("data_version", *data_cache.STAMP_COLUMNS, *PROFILE_COLUMNS)
    return m.Runner.objects.filter(user=user).only(*columns).first()


def _computed(
    runner: m.Runner,
    key: str,
    as_of: date,
    thresholds: Thresholds,
    moved_from: date | None,
) -> Analysis:
    with collector_paused():
        data = data_cache.runner_data(runner)
        result = analyze(
            data,
            as_of=as_of,
            thresholds=thresholds,
            duplicates=copies_until(runner, as_of, data.profile.zone),
            moved_from=moved_from,
            memo=data_cache.memo_for(runner),
        )
        del data  # freed now, so the collector finds little left to trace
    cache.set(key, result, CACHE_SECONDS)
    _remember(runner.pk, key)
    return result


def _index_key(runner_pk: int) -> str:
    return f"stridelight:analysis-keys:{runner_pk}"


def _remember(runner_pk: int, key: str) -> None:
    """Note the key under the runner, so :func:`forget_cached` finds everything
    kept for them (the cache itself cannot list keys).  Entries of an older data
    version can never be read again: they are removed here, which keeps the
    list short."""
    index = _index_key(runner_pk)
    keys = [*(cache.get(index) or []), key]
    newest = max(_version_of(k) for k in keys)
    stale = [k for k in keys if _version_of(k) < newest]
    if stale:
        cache.delete_many(stale)
    cache.set(index, sorted({k for k in keys if k not in stale}), CACHE_SECONDS)


def _version_of(key: str) -> int:
    """The data version in a key of :func:`cache_key` (``…:<pk>:<version>:…``)."""
    return int(key.split(":")[3])


def forget_cached(runner: m.Runner) -> None:
    """Remove every analysis kept for the runner (their health data, in the
    cache's files or in Redis) when their account is deleted."""
    index = _index_key(runner.pk)
    cache.delete_many([*(cache.get(index) or []), index])
    data_cache.forget(runner.pk)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
