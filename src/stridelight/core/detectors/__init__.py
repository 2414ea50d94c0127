"""The four cause detectors, each ``detect(ctx) -> CauseFinding``, in the order of
``vocabulary.CAUSE_IDS``.  ``context.build_context`` computes what they share once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from stridelight.core.detectors import (
    footwear,
    repetitive_strain,
    tight_chain,
    under_recovery,
)
from stridelight.core.detectors.context import Context, build_context
from stridelight.core.results import CauseFinding
from stridelight.core.vocabulary import CAUSE_IDS, CauseId

DETECTORS: Mapping[CauseId, Callable[[Context], CauseFinding]] = MappingProxyType(
    {
        repetitive_strain.CAUSE: repetitive_strain.detect,
        footwear.CAUSE: footwear.detect,
        tight_chain.CAUSE: tight_chain.detect,
        under_recovery.CAUSE: under_recovery.detect,
    }
)


def detect_all(ctx: Context) -> tuple[CauseFinding, ...]:
    """Every cause, in the fixed order of ``CAUSE_IDS``."""
    return tuple(DETECTORS[cause](ctx) for cause in CAUSE_IDS)


__all__ = ["DETECTORS", "Context", "build_context", "detect_all"]
