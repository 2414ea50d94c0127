import random
from datetime import UTC, date, datetime, timedelta
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stridelight.core.fascia import (
    LINE_EVIDENCE,
    LINE_NAMES,
    LINES,
    ache_sites,
    grade_weight,
    lines_through,
    rank_chain,
    restrictions,
)
from stridelight.core.journal import (
    Ache,
    Finding,
    RunnerData,
    RunnerProfile,
    Screening,
    TherapySession,
)
from stridelight.core.results import ChainLink
from stridelight.core.vocabulary import REGIONS, Region, ScreeningTest, Side

AS_OF = date(2024, 5, 31)

# Rough height of each region above the ground, for "bottom to top" checks.
LEVEL = {
    **dict.fromkeys(
        ("toes", "forefoot", "arch", "heel", "top_of_foot", "outer_foot"), 0
    ),
    **dict.fromkeys(("inner_ankle", "outer_ankle", "achilles"), 1),
    **dict.fromkeys(("calf", "shin"), 2),
    **dict.fromkeys(("knee_front", "knee_outer", "knee_back"), 3),
    **dict.fromkeys(("hamstrings", "quadriceps", "adductors", "it_band"), 4),
    **dict.fromkeys(("hip_flexors", "glutes", "outer_hip"), 5),
    "lower_back": 6,
}


def ache(
    region: Region = "heel",
    side: Side = "left",
    intensity: int = 6,
    days_ago: int = 0,
    hour: int = 8,
) -> Ache:
    day = AS_OF - timedelta(days=days_ago)
    at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return Ache(at, region, side, intensity, "next_morning")


def finding(
    region: Region, side: Side, level: int, days_ago: int = 5
) -> TherapySession:
    return TherapySession(
        AS_OF - timedelta(days=days_ago), "mfr", (Finding(region, side, level),)
    )


def screening(
    test: ScreeningTest, side: Side, value: float, days_ago: int = 5
) -> Screening:
    return Screening(AS_OF - timedelta(days=days_ago), test, side, value)


def by_region(links: tuple[ChainLink, ...]) -> dict[str, ChainLink]:
    return {link.region: link for link in links}


# --- the graph ---------------------------------------------------------------------


def test_it_uses_only_regions_of_the_journal_vocabulary() -> None:
    assert set(LEVEL) == set(REGIONS)
    for stations in LINES.values():
        assert set(stations) <= set(REGIONS)
        assert len(set(stations)) == len(stations)


@pytest.mark.parametrize("line", sorted(LINES))
def test_it_orders_each_line_from_the_foot_upwards(line: str) -> None:
    levels = [LEVEL[region] for region in LINES[line]]
    assert levels == sorted(levels)
    assert levels[0] <= 1


def test_it_runs_the_superficial_back_line_from_heel_through_calf_to_hamstrings() -> (
    None
):
    sbl = LINES["superficial_back_line"]
    assert sbl.index("arch") < sbl.index("heel") < sbl.index("calf")
    assert sbl.index("calf") < sbl.index("hamstrings") < sbl.index("lower_back")


@pytest.mark.parametrize(
    ("line", "grade"),
    [
        ("superficial_back_line", "strong"),
        ("spiral_line_back", "moderate"),
        ("spiral_line_front", "moderate"),
        ("lateral_line", "moderate"),
        ("deep_front_line", "limited"),
        ("superficial_front_line", "none"),
    ],
)
def test_it_grades_each_line_by_its_dissection_evidence(line: str, grade: str) -> None:
    assert LINE_EVIDENCE[line].grade == grade
    assert LINE_EVIDENCE[line].citation.isidentifier()


def test_it_names_and_grades_every_line() -> None:
    assert set(LINE_NAMES) == set(LINES) == set(LINE_EVIDENCE)
    assert grade_weight("strong") > grade_weight("moderate") > grade_weight("limited")
    assert grade_weight("limited") > grade_weight("none") > 0


def test_it_lists_the_lines_through_a_region() -> None:
    assert lines_through("calf") == ("superficial_back_line", "deep_front_line")
    assert lines_through("heel") == ("superficial_back_line",)
    assert lines_through(cast(Region, "elbow")) == ()  # not one of ours


def test_every_region_lies_on_some_line() -> None:
    assert all(lines_through(region) for region in REGIONS)


# --- the ranking -------------------------------------------------------------------


def test_it_returns_nothing_for_an_empty_journal() -> None:
    assert rank_chain(RunnerData(), AS_OF) == ()


def test_it_returns_nothing_for_restrictions_without_an_ache() -> None:
    data = RunnerData(sessions=(finding("calf", "left", 3),))
    assert rank_chain(data, AS_OF) == ()


def test_it_ranks_calf_above_hamstrings_above_lower_back_for_a_heel_ache() -> None:
    links = rank_chain(RunnerData(aches=(ache("heel"),)), AS_OF)
    order = [link.region for link in links]
    assert order.index("calf") < order.index("hamstrings") < order.index("lower_back")
    calf = by_region(links)["calf"]
    assert calf.line == "superficial_back_line"
    assert calf.evidence_grade == "strong"
    assert calf.path == ("heel", "achilles", "calf")
    assert "left heel ache up to 6/10 on 1 day" in calf.reasons


def test_it_never_points_an_ache_at_its_own_region() -> None:
    links = rank_chain(RunnerData(aches=(ache("heel"),)), AS_OF)
    assert "heel" not in by_region(links)
    # Nothing below the heel on its line either: the ranking only looks up.
    assert not {"toes", "forefoot", "arch"} & set(by_region(links))


def test_an_aching_region_above_another_ache_is_ranked_and_says_so() -> None:
    data = RunnerData(aches=(ache("heel"), ache("calf", intensity=4)))
    calf = by_region(rank_chain(data, AS_OF))["calf"]
    assert "left calf ache up to 4/10 on 1 day here too" in calf.reasons


def test_a_left_hamstring_restriction_lifts_hamstrings_for_a_left_heel_ache() -> None:
    aches = (ache("heel", "left"),)
    plain = by_region(rank_chain(RunnerData(aches=aches), AS_OF))
    restricted = by_region(
        rank_chain(
            RunnerData(aches=aches, sessions=(finding("hamstrings", "left", 3),)),
            AS_OF,
        )
    )
    assert restricted["hamstrings"].score > plain["hamstrings"].score
    assert restricted["calf"].score == plain["calf"].score
    assert any("restriction 3/3" in r for r in restricted["hamstrings"].reasons)


def test_a_left_hamstring_restriction_does_not_lift_a_right_heel_ache() -> None:
    aches = (ache("heel", "right"),)
    plain = by_region(rank_chain(RunnerData(aches=aches), AS_OF))
    restricted = by_region(
        rank_chain(
            RunnerData(aches=aches, sessions=(finding("hamstrings", "left", 3),)),
            AS_OF,
        )
    )
    assert restricted["hamstrings"] == plain["hamstrings"]


def test_a_restriction_can_reorder_the_chain() -> None:
    data = RunnerData(
        aches=(ache("heel"),), screenings=(screening("slr_deg", "left", 50),)
    )
    order = [link.region for link in rank_chain(data, AS_OF)]
    assert order.index("hamstrings") < order.index("knee_back")


def test_it_grades_a_shin_ache_up_the_front_line_as_no_evidence() -> None:
    links = by_region(rank_chain(RunnerData(aches=(ache("shin"),)), AS_OF))
    quads = links["quadriceps"]
    assert quads.line == "superficial_front_line"
    assert quads.evidence_grade == "none"
    assert quads.path == ("shin", "knee_front", "quadriceps")
    # The spiral line also leaves the shin, and its better evidence shows.
    assert links["it_band"].line == "spiral_line_front"
    assert links["it_band"].score > quads.score


def test_it_prefers_the_better_supported_line_when_two_reach_a_region() -> None:
    calf = by_region(rank_chain(RunnerData(aches=(ache("arch"),)), AS_OF))["calf"]
    # Three steps on the SBL (×1.0) beat two on the deep front line (×0.5).
    assert calf.line == "superficial_back_line"
    assert calf.path == ("arch", "heel", "achilles", "calf")


def test_it_sorts_by_score_then_region_name() -> None:
    links = rank_chain(RunnerData(aches=(ache("outer_foot"),)), AS_OF)
    assert list(links) == sorted(links, key=lambda c: (-c.score, c.region))
    # Three steps up the spiral (hamstrings) and the lateral line (it_band) tie.
    tied = [c for c in links if c.region in ("hamstrings", "it_band")]
    assert tied[0].score == tied[1].score
    assert [c.region for c in tied] == ["hamstrings", "it_band"]
    assert links.index(tied[1]) == links.index(tied[0]) + 1


def test_it_counts_several_entries_on_one_day_once_at_their_worst() -> None:
    once = ache_sites(RunnerData(aches=(ache(intensity=6),)), AS_OF)
    thrice = ache_sites(
        RunnerData(
            aches=(ache(intensity=2), ache(intensity=6, hour=12), ache(intensity=4))
        ),
        AS_OF,
    )
    assert thrice == once
    assert once[0].days == 1
    assert once[0].worst == 6


def test_it_weights_recent_aches_more_than_old_ones() -> None:
    recent = rank_chain(RunnerData(aches=(ache(days_ago=1),)), AS_OF)
    old = rank_chain(RunnerData(aches=(ache(days_ago=30),)), AS_OF)
    assert by_region(recent)["calf"].score > by_region(old)["calf"].score


@pytest.mark.parametrize("days_ago", [-1, 56, 90])
def test_it_ignores_aches_outside_the_window(days_ago: int) -> None:
    assert rank_chain(RunnerData(aches=(ache(days_ago=days_ago),)), AS_OF) == ()


def test_it_ignores_a_zero_ache() -> None:
    assert rank_chain(RunnerData(aches=(ache(intensity=0),)), AS_OF) == ()


def test_it_reads_the_day_of_an_ache_in_the_runners_time_zone() -> None:
    # 02:00 UTC on 1 June is still 31 May in New York.
    late = Ache(datetime(2024, 6, 1, 2, tzinfo=UTC), "heel", "left", 5, "at_rest")
    assert rank_chain(RunnerData(aches=(late,)), AS_OF) == ()
    data = RunnerData(
        aches=(late,), profile=RunnerProfile(time_zone="America/New_York")
    )
    assert rank_chain(data, AS_OF)


def test_a_both_sides_ache_reaches_each_side() -> None:
    sites = ache_sites(RunnerData(aches=(ache(side="both"),)), AS_OF)
    assert [(s.region, s.side) for s in sites] == [
        ("heel", "left"),
        ("heel", "right"),
    ]


def test_it_explains_a_knee_to_wall_side_difference() -> None:
    data = RunnerData(
        aches=(ache("heel", "left"),),
        screenings=(
            screening("knee_to_wall_cm", "left", 7),
            screening("knee_to_wall_cm", "right", 10),
        ),
    )
    calf = by_region(rank_chain(data, AS_OF))["calf"]
    assert "knee-to-wall 7 cm left vs 10 cm right (under 9 cm)" in calf.reasons


# --- restrictions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test", "value", "region", "severity"),
    [
        ("knee_to_wall_cm", 6.5, "calf", 0.5),
        ("knee_to_wall_cm", 9.5, "calf", None),
        ("ankle_df_deg", 5, "achilles", 0.5),
        ("ankle_df_deg", -2, "calf", 1.0),
        ("ankle_df_deg", 12, "calf", None),
        ("slr_deg", 65, "hamstrings", 0.5),
        ("slr_deg", 80, "hamstrings", None),
        ("thomas", 10, "hip_flexors", 0.5),
        ("thomas", 0, "hip_flexors", None),
        ("heel_raise_reps", 10, "calf", 1.0),
        ("heel_raise_reps", 25, "calf", None),
    ],
)
def test_it_maps_screening_results_below_norms_to_regions(
    test: ScreeningTest, value: float, region: Region, severity: float | None
) -> None:
    found = restrictions(
        RunnerData(screenings=(screening(test, "left", value),)), AS_OF
    )
    got = found.get((region, "left"))
    assert (got.severity if got else None) == (
        pytest.approx(severity) if severity else None
    )
    assert (region, "right") not in found


def test_it_flags_a_knee_to_wall_side_difference_above_the_norm() -> None:
    data = RunnerData(
        screenings=(
            screening("knee_to_wall_cm", "left", 10),
            screening("knee_to_wall_cm", "right", 12),
        )
    )
    found = restrictions(data, AS_OF)
    assert found["calf", "left"].severity == pytest.approx(0.4)
    assert found["calf", "left"].reasons == ("knee-to-wall 10 cm left vs 12 cm right",)
    assert ("calf", "right") not in found


def test_only_the_latest_finding_counts() -> None:
    data = RunnerData(
        sessions=(
            finding("calf", "right", 3, days_ago=20),
            finding("calf", "right", 0, days_ago=3),
        )
    )
    assert restrictions(data, AS_OF) == {}


def test_old_measurements_no_longer_count() -> None:
    data = RunnerData(
        sessions=(finding("calf", "right", 3, days_ago=200),),
        screenings=(screening("slr_deg", "left", 50, days_ago=400),),
    )
    assert restrictions(data, AS_OF) == {}


def test_a_both_sides_finding_counts_on_each_side() -> None:
    found = restrictions(RunnerData(sessions=(finding("calf", "both", 1),)), AS_OF)
    assert set(found) == {("calf", "left"), ("calf", "right")}
    assert found["calf", "left"].severity == pytest.approx(1 / 3)


# --- invariants --------------------------------------------------------------------

aches_st = st.builds(
    ache,
    region=st.sampled_from(REGIONS),
    side=st.sampled_from(("left", "right", "both")),
    intensity=st.integers(0, 10),
    days_ago=st.integers(-3, 70),
    hour=st.integers(0, 23),
)
findings_st = st.builds(
    finding,
    region=st.sampled_from(REGIONS),
    side=st.sampled_from(("left", "right", "both")),
    level=st.integers(0, 3),
)


@given(st.lists(aches_st, max_size=12), st.lists(findings_st, max_size=4))
def test_scores_lie_between_zero_and_one(
    aches: list[Ache], found: list[TherapySession]
) -> None:
    links = rank_chain(RunnerData(aches=tuple(aches), sessions=tuple(found)), AS_OF)
    assert all(0.0 < link.score <= 1.0 for link in links)
    assert len({link.region for link in links}) == len(links)


@given(st.lists(aches_st, max_size=10), aches_st, st.lists(findings_st, max_size=3))
def test_adding_an_ache_never_removes_a_region(
    aches: list[Ache], extra: Ache, found: list[TherapySession]
) -> None:
    before = rank_chain(RunnerData(aches=tuple(aches), sessions=tuple(found)), AS_OF)
    after = rank_chain(RunnerData(aches=(*aches, extra), sessions=tuple(found)), AS_OF)
    assert {c.region for c in before} <= {c.region for c in after}


@given(st.lists(aches_st, max_size=12), st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_of_entries(
    aches: list[Ache], rnd: random.Random
) -> None:
    shuffled = list(aches)
    rnd.shuffle(shuffled)
    first = rank_chain(RunnerData(aches=tuple(aches)), AS_OF)
    assert rank_chain(RunnerData(aches=tuple(shuffled)), AS_OF) == first
    assert list(first) == sorted(first, key=lambda c: (-c.score, c.region))


def test_it_reads_an_unknown_time_zone_as_utc() -> None:
    data = RunnerData(aches=(ache(),), profile=RunnerProfile(time_zone="Mars/Base"))
    assert rank_chain(data, AS_OF) == rank_chain(RunnerData(aches=(ache(),)), AS_OF)


def test_it_names_the_strongest_three_aches_and_counts_the_rest() -> None:
    below: tuple[Region, ...] = ("toes", "forefoot", "arch", "heel", "achilles")
    data = RunnerData(
        aches=tuple(ache(r, intensity=2 + i) for i, r in enumerate(below))
    )
    calf = by_region(rank_chain(data, AS_OF))["calf"]
    assert calf.reasons[:4] == (
        "left achilles ache up to 6/10 on 1 day",
        "left heel ache up to 5/10 on 1 day",
        "left arch ache up to 4/10 on 1 day",
        "and 2 more aching places below",
    )
    assert calf.path == ("achilles", "calf")
