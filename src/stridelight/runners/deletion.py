"""Deleting an account and everything stored for it (``/me/delete/``).

What goes: the user, their runner row and every row hanging from it (activities,
shoes, aches, habits, screenings, sessions and findings, check-ins, imports and
their rejected files), each original activity file no other runner also
imported (files are kept once by content, ``runners.originals``), and the
analyses kept in the cache.  What stays: the clinic's appointment records
(name, e-mail, phone of a booking, the clinic's own record of a visit) lose
their link to the account; docs/web.md says so.
"""

from __future__ import annotations

from django.db import transaction

from stridelight.accounts.models import User
from stridelight.runners import models as m
from stridelight.runners import originals
from stridelight.runners.analysis import forget_cached
from stridelight.runners.uploads import upload_files_remove


def account_delete(*, user: User) -> None:
    """Remove the account, every row of its data and every file only it used."""
    runner = m.Runner.objects.filter(user=user).first()
    stored: list[str] = []
    if runner is not None:
        stored = [
            name
            for name in m.Activity.objects.filter(runner=runner).values_list(
                "original", flat=True
            )
            if name
        ]
        forget_cached(runner)
        # Files still waiting to be imported: their rows go with the account, and
        # an upload of an account being deleted is abandoned whatever happens next.
        upload_files_remove(runner=runner)
    with transaction.atomic():
        user.delete()
    # After the rows: a file is removed only once no row of anyone refers to it,
    # and a failure here leaves a file without a row, never a row without a file.
    originals.forget(stored)
