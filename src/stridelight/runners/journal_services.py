"""Writing one journal entry at a time from the runner's pages (shoes, habits, screenings).

Each function is keyword-only, atomic, and raises the runner's data version
(``services.data_changed``), so the cached analysis is computed again and the
dashboard's plan follows the new entry.  The caller has already checked that
the row is the runner's (the views fetch it with ``runner=``: another runner's
row is a 404 before anything is written).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils.text import slugify

from stridelight.core.vocabulary import HabitKind, Region, ScreeningTest, Side
from stridelight.runners import models as m
from stridelight.runners.services import data_changed


def _free_key(runner: m.Runner, name: str) -> str:
    """A bundle id for a new pair: its name as a slug, numbered when taken."""
    base = slugify(name)[:60] or "shoe"
    taken = set(
        m.Shoe.objects.filter(runner=runner, key__startswith=base).values_list(
            "key", flat=True
        )
    )
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def shoe_add(
    *,
    runner: m.Runner,
    name: str,
    category: str | None = None,
    started_on: date | None = None,
    start_km: float = 0.0,
    limit_km: float | None = None,
) -> m.Shoe:
    """A new pair; the first pair a runner adds becomes their default."""
    shoe = m.Shoe.objects.create(
        runner=runner,
        key=_free_key(runner, name),
        name=name,
        category=category or None,
        started_on=started_on,
        start_km=start_km,
        limit_km=limit_km,
    )
    if not m.DefaultShoe.objects.filter(runner=runner).exists():
        m.DefaultShoe.objects.create(runner=runner, shoe=shoe)
    data_changed(runner)
    return shoe


@transaction.atomic
def shoe_retire(*, runner: m.Runner, shoe: m.Shoe, on: date) -> None:
    """The pair is out of use from ``on``; it stops being the default."""
    m.Shoe.objects.filter(pk=shoe.pk, runner=runner).update(retired_on=on)
    m.DefaultShoe.objects.filter(runner=runner, shoe=shoe).delete()
    data_changed(runner)


@transaction.atomic
def shoe_unretire(*, runner: m.Runner, shoe: m.Shoe) -> None:
    """A pair retired by mistake is back in use."""
    m.Shoe.objects.filter(pk=shoe.pk, runner=runner).update(retired_on=None)
    data_changed(runner)


@transaction.atomic
def shoe_limit_set(*, runner: m.Runner, shoe: m.Shoe, limit_km: float | None) -> None:
    """The pair's own replacement distance; None goes back to the default."""
    m.Shoe.objects.filter(pk=shoe.pk, runner=runner).update(limit_km=limit_km)
    data_changed(runner)


@transaction.atomic
def shoe_default_set(*, runner: m.Runner, shoe: m.Shoe) -> None:
    """The pair new runs are worn in unless the runner says otherwise.

    The analysis does not read it (a run's own pair does), so the data version
    stays as it is.
    """
    m.DefaultShoe.objects.update_or_create(runner=runner, defaults={"shoe": shoe})


def default_shoe(runner: m.Runner) -> m.Shoe | None:
    chosen = m.DefaultShoe.objects.filter(runner=runner).select_related("shoe").first()
    return None if chosen is None else chosen.shoe


@transaction.atomic
def habit_add(
    *,
    runner: m.Runner,
    day: date,
    kind: HabitKind,
    minutes: float | None = None,
    liters: float | None = None,
    hours: float | None = None,
    regions: Sequence[Region] = (),
) -> m.Habit:
    """One habit entry (DESIGN §4 ``habits``): minutes 0 records a skipped one."""
    habit = m.Habit.objects.create(
        runner=runner,
        date=day,
        kind=kind,
        minutes=minutes,
        liters=liters,
        hours=hours,
        regions=list(regions),
    )
    data_changed(runner)
    return habit


@transaction.atomic
def habit_delete(*, runner: m.Runner, habit: m.Habit) -> None:
    m.Habit.objects.filter(pk=habit.pk, runner=runner).delete()
    data_changed(runner)


@transaction.atomic
def screening_add(
    *, runner: m.Runner, day: date, test: ScreeningTest, side: Side, value: float
) -> m.Screening:
    """One screening result, in the test's own unit (docs/bundle.md)."""
    row = m.Screening.objects.create(
        runner=runner, date=day, test=test, side=side, value=value
    )
    data_changed(runner)
    return row


@transaction.atomic
def screening_delete(*, runner: m.Runner, screening: m.Screening) -> None:
    m.Screening.objects.filter(pk=screening.pk, runner=runner).delete()
    data_changed(runner)
