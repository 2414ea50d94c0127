"""The education pages under /learn/ and which one explains each plan action.

One place for both, so the dashboard, the report page and the plan link to the
same page and section: ``learn_url_for(action.kind)``.  Slugs are stable
addresses (bookmarks, e-mails and plans link to them); a page's text lives in
``templates/web/learn/<slug>.html``.  Pure data: no Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from stridelight.core.vocabulary import ActionKind


@dataclass(frozen=True)
class LearnPage:
    slug: str
    title: str
    summary: str

    @property
    def url(self) -> str:
        return f"/learn/{self.slug}/"


PAGES: tuple[LearnPage, ...] = (
    LearnPage(
        "why-feet-ache",
        "Why do my feet ache after running?",
        "What an ache after a run usually means, and what it does not.",
    ),
    LearnPage(
        "causes",
        "The four contributing causes",
        "Repetitive strain, worn shoes, tightness up the chain, too little recovery.",
    ),
    LearnPage(
        "fascial-web",
        "The fascial web",
        "How the sole of the foot is linked to the calf, the hamstrings and the back.",
    ),
    LearnPage(
        "mfr",
        "What myofascial release is, and is not",
        "A hands-on therapy for the connective tissue: what to expect, and the evidence.",
    ),
    LearnPage(
        "strategies",
        "Everyday strategies",
        "Stretching, strength, warm-up, water, shoes, variety and rest: the plan's actions.",
    ),
    LearnPage(
        "red-flags",
        "When to see a physician first",
        "The six questions Stridelight asks, and why a yes comes before anything else.",
    ),
    LearnPage(
        "faq",
        "Questions runners ask",
        "Your data, the clinic, the numbers, and what Stridelight cannot tell you.",
    ),
)

BY_SLUG: Mapping[str, LearnPage] = MappingProxyType({p.slug: p for p in PAGES})

#: The page and section that explain each kind of plan action (core's
#: ``ActionKind``).  A test checks every kind is here and every section exists.
LEARN_FOR_ACTION: Mapping[ActionKind, str] = MappingProxyType(
    {
        "mfr": "/learn/mfr/",
        "stretch": "/learn/strategies/#stretching",
        "strength": "/learn/strategies/#strength",
        "warmup": "/learn/strategies/#warm-up",
        "hydration": "/learn/strategies/#hydration",
        "shoes": "/learn/strategies/#shoes",
        "variety": "/learn/strategies/#variety",
        "rest": "/learn/strategies/#recovery",
        "screen": "/learn/strategies/#screening-tests",
        "see_physician": "/learn/red-flags/",
        "red_flag_questions": "/learn/red-flags/#questions",
    }
)


def learn_url_for(kind: ActionKind) -> str:
    """Where the plan links an action of this kind."""
    return LEARN_FOR_ACTION[kind]


def neighbours(slug: str) -> tuple[LearnPage | None, LearnPage | None]:
    """The pages before and after ``slug``, for reading them in order."""
    index = [p.slug for p in PAGES].index(slug)
    before = PAGES[index - 1] if index > 0 else None
    after = PAGES[index + 1] if index + 1 < len(PAGES) else None
    return before, after
