"""Consent to share: the runner lets the clinic's therapists see their data.

One scope for now, ``clinic_care``: the therapists of the clinic who see the
runner may read their whole store (activities, diary, analysis) and add their
session findings to it.  The text shown is versioned: the version and the exact
words are stored with each consent, so a later edit never changes what a runner
agreed to.  Raise ``TEXT_VERSION`` whenever ``TEXT`` changes in meaning.
"""

from __future__ import annotations

from typing import Final

CLINIC_CARE: Final = "clinic_care"
TEXT_VERSION: Final = "2026-12-1"
TEXT: Final = (
    "I let the clinic's therapists who see me read my Stridelight data (my runs, "
    "shoes, aches, habits, screening tests, check-ins and their analysis) to "
    "prepare and record my sessions, and add what they find in a session to my "
    "data.  I can withdraw this at any time from my account; it then stops at "
    "once.  Without it they see my booking and my intake answers only."
)
