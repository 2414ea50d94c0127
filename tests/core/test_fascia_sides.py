"""Each ranked region says which side its score comes from."""

from stridelight.core.fascia import rank_chain
from stridelight.core.journal import RunnerData
from tests.core.test_fascia import AS_OF, ache, by_region, finding


def test_a_left_heel_ache_ranks_the_left_calf() -> None:
    links = by_region(rank_chain(RunnerData(aches=(ache("heel", "left"),)), AS_OF))
    assert links["calf"].side == "left"
    assert links["calf"].to_json()["side"] == "left"


def test_an_ache_on_both_sides_ranks_both() -> None:
    links = by_region(rank_chain(RunnerData(aches=(ache("heel", "both"),)), AS_OF))
    assert {link.side for link in links.values()} == {"both"}


def test_a_finding_on_the_right_tips_the_calf_to_the_right() -> None:
    data = RunnerData(
        aches=(ache("heel", "both"),), sessions=(finding("calf", "right", 3),)
    )
    links = by_region(rank_chain(data, AS_OF))
    assert links["calf"].side == "right"
    assert any("right calf" in reason for reason in links["calf"].reasons)


def test_a_link_is_explained_only_by_aches_on_its_own_side() -> None:
    """A strong left heel ache and a mild right one: the left calf's reasons name
    the left heel, never the right."""
    data = RunnerData(aches=(ache("heel", "left", 7), ache("heel", "right", 2)))
    links = by_region(rank_chain(data, AS_OF))
    calf = links["calf"]
    assert calf.side == "left"
    assert any(r.startswith("left heel") for r in calf.reasons)
    assert not any("right" in r for r in calf.reasons)


def test_a_link_on_both_sides_is_explained_by_both() -> None:
    data = RunnerData(aches=(ache("heel", "left", 4), ache("heel", "right", 4)))
    calf = by_region(rank_chain(data, AS_OF))["calf"]
    assert calf.side == "both"
    assert {r.split()[0] for r in calf.reasons if " ache " in r} == {"left", "right"}
