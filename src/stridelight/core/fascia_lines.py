"""The myofascial lines as a graph of body regions: stations, names and evidence.

Each line is one linear track of our regions, bottom to top (docs/fascial-web.md),
graded by how well dissection studies support it.  ``fascia`` ranks the regions
upstream of an ache along these lines; the tight-chain detector reads them too.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from stridelight.core.vocabulary import LineGrade, Region

#: Stations of each line over our 22 regions, bottom to top (Myers 2014, mapped in
#: docs/fascial-web.md).  The spiral line is a sling under the foot with two arms
#: going up; a line here is one linear track, so each arm is its own id.
LINES: Mapping[str, tuple[Region, ...]] = MappingProxyType(
    {
        "superficial_back_line": (
            "toes", "forefoot", "arch", "heel", "achilles", "calf",
            "knee_back", "hamstrings", "lower_back",
        ),
        "spiral_line_back": (
            "arch", "outer_foot", "outer_ankle", "knee_outer", "hamstrings",
            "lower_back",
        ),
        "spiral_line_front": (
            "arch", "top_of_foot", "shin", "knee_outer", "it_band", "outer_hip",
        ),
        "lateral_line": (
            "outer_foot", "outer_ankle", "knee_outer", "it_band", "outer_hip",
            "glutes",
        ),
        "deep_front_line": (
            "toes", "arch", "inner_ankle", "calf", "knee_back", "adductors",
            "hip_flexors", "lower_back",
        ),
        "superficial_front_line": (
            "toes", "top_of_foot", "shin", "knee_front", "quadriceps", "hip_flexors",
        ),
    }
)  # fmt: skip

LINE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "superficial_back_line": "Superficial Back Line",
        "spiral_line_back": "Spiral Line (back arm)",
        "spiral_line_front": "Spiral Line (front arm)",
        "lateral_line": "Lateral Line",
        "deep_front_line": "Deep Front Line",
        "superficial_front_line": "Superficial Front Line",
    }
)


class LineEvidence(NamedTuple):
    grade: LineGrade
    citation: str  # id in core.evidence


#: Wilke 2016 reviewed dissection studies of six lines: SBL all transitions
#: verified (strong), spiral and lateral lines only in parts (moderate), SFL none.
#: The deep front line was not reviewed: it rests on Myers' description alone.
LINE_EVIDENCE: Mapping[str, LineEvidence] = MappingProxyType(
    {
        "superficial_back_line": LineEvidence("strong", "wilke2016"),
        "spiral_line_back": LineEvidence("moderate", "wilke2016"),
        "spiral_line_front": LineEvidence("moderate", "wilke2016"),
        "lateral_line": LineEvidence("moderate", "wilke2016"),
        "deep_front_line": LineEvidence("limited", "myers2014"),
        "superficial_front_line": LineEvidence("none", "wilke2016"),
    }
)


def lines_through(region: Region) -> tuple[str, ...]:
    """Ids of the lines that have ``region`` as a station, in ``LINES`` order."""
    return tuple(line for line, stations in LINES.items() if region in stations)
