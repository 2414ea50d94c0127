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
