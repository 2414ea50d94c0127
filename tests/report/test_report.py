"""The printable report: content, order, safety, determinism and the PDF."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import pytest

from stridelight.core.results import (
    Analysis,
    CauseFinding,
    ChainLink,
    DailySeries,
    Evidence,
    Pattern,
    Plan,
    PlanAction,
    ShoeStatus,
)
from stridelight.core.vocabulary import ActionKind, CauseId, Level, Region
from stridelight.report import ClinicInfo, render_html, render_pdf, write_report
from stridelight.report.bodymap import UNSHADED, body_map_svg
from stridelight.report.labels import number

AS_OF = date(2025, 3, 30)
CLINIC = ClinicInfo(
    name="Court Street Fascia Studio", phone="(718) 555-0142", address="12 Court St"
)
SVG = "{http://www.w3.org/2000/svg}"


def twelve_weeks() -> DailySeries:
    """84 days: runs on 5 days a week, a long run on Sundays, load building up."""
    days = tuple(AS_OF - timedelta(days=83 - i) for i in range(84))
    distance = tuple(
        0.0 if d.weekday() in (0, 4) else (14.0 + i / 8 if d.weekday() == 6 else 8.0)
        for i, d in enumerate(days)
    )
    load = tuple(round(km * 9.5, 1) for km in distance)
    fitness, fatigue, ctl, atl = [], [], 0.0, 0.0
    for value in load:
        ctl += (value - ctl) / 42
        atl += (value - atl) / 7
        fitness.append(round(ctl, 2))
        fatigue.append(round(atl, 2))
    form = tuple(round(f - a, 2) for f, a in zip(fitness, fatigue, strict=True))
    monotony = tuple(None if i < 6 else 1.2 + (i % 7) / 10 for i in range(84))
    strain = tuple(None if m is None else round(m * 400, 1) for m in monotony)
    ache = tuple(
        (3 + i // 14) if d.weekday() == 0 else None for i, d in enumerate(days)
    )
    return DailySeries(days, load, distance, tuple(fitness), tuple(fatigue), form,
                       monotony, strain, ache)  # fmt: skip


def realistic_analysis() -> Analysis:
    causes = (
        CauseFinding("repetitive_strain", "flag", 0.82, (
            Evidence("single_run_spike", "Your run on 23 Mar was 24.3 km, 131 % of "
                     "your longest run in the 30 days before.", 131.4,
                     "> 110 % of the longest run in the previous 30 days",
                     "frandsen2025", "flag"),
            Evidence("monotony", "Monotony over the last 7 days was 1.87.", 1.87,
                     "1.5-2.0 watch, > 2.0 flag", "foster1998", "watch"),
        )),
        CauseFinding("footwear", "watch", 0.55, (
            Evidence("shoe_distance", "Pegasus 40 has 612 km, 87 % of its 700 km "
                     "limit.", 612.0, ">= 80 % of the shoe's limit", "cook1985", "watch"),
            Evidence("rotation", "93 % of your runs in 28 days were in one pair.",
                     0.93, ">= 90 % of runs in one pair", "malisoux2015", "watch"),
        )),
        CauseFinding("tight_chain", "watch", 0.48, (
            Evidence("slr", "Straight-leg raise 68° on the left.", 68.0, "< 80°",
                     "ayala2013", "watch"),
            Evidence("kneetowall", "Knee-to-wall 7.5 cm on the left.", 7.5, "< 9 cm",
                     "kneetowall_norm", "watch"),
        )),
        CauseFinding("under_recovery", "clear", 0.12, (
            Evidence("form", "Form is -11.6.", -11.6, "< -30", "intervals_form"),
        )),
    )  # fmt: skip
    chain = (
        ChainLink("calf", 0.74, "superficial_back_line", "strong",
                  ("heel", "achilles", "calf"), ("knee-to-wall 7.5 cm",)),
        ChainLink("hamstrings", 0.61, "superficial_back_line", "strong",
                  ("heel", "achilles", "calf", "hamstrings"), ("SLR 68°",)),
        ChainLink("it_band", 0.33, "lateral_line", "moderate",
                  ("outer_foot", "outer_ankle", "knee_outer", "it_band")),
    )  # fmt: skip
    actions = (
        PlanAction("mfr", "Myofascial release once a week while training is heavy.",
                   "Load of the last 28 days is 1.3× your usual.", "clinic_protocol",
                   ("calf", "hamstrings")),
        PlanAction("stretch", "5 minutes after each run: calves and hamstrings.",
                   "Straight-leg raise 68° (< 80°).", "radford2006",
                   ("calf:left", "hamstrings:left")),
        PlanAction("shoes", "Replace Pegasus 40 at 700 km; add a second pair.",
                   "612 km and 93 % of runs in one pair.", "malisoux2015", ("peg40",)),
        PlanAction("variety", "Cap any single run at 110 % of your longest recent run.",
                   "23 Mar: 131 % of the longest run.", "frandsen2025"),
    )  # fmt: skip
    patterns = (
        Pattern("skipped_stretch", "next_day_ache", 18, 40, 2.1, 1.3, 3.4, True,
                "Aches were more common on days after runs without stretching."),
        Pattern("hot_day", "next_day_ache", 3, 55, None, None, None, False,
                "Too few hot days to say."),
        Pattern("low_sleep", "next_day_ache", 4, 54, None, None, None, False,
                "Too few short nights to say."),
    )  # fmt: skip
    shoes = (
        ShoeStatus("peg40", "Pegasus 40", 612.0, 700.0, 19, 0.93, ache_rate=0.42),
        ShoeStatus("clifton", "Clifton 9", 150.0, 700.0, 1, 0.05),
        ShoeStatus("old", "Ghost 14", 810.0, 700.0, 0, 0.0, retired=True),
    )
    return Analysis(
        as_of=AS_OF,
        red_flags=(),
        causes=causes,
        chain=chain,
        plan=Plan("weekly", actions),
        patterns=patterns,
        shoes=shoes,
        series=twelve_weeks(),
        ache_by_region={"heel:left": 5.5, "arch:left": 3.0, "calf:both": 2.0},
        notes=("Load from heart rate on 52 of 60 runs; 8 estimated from pace.",),
    )


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return realistic_analysis()


@pytest.fixture(scope="module")
def page(analysis: Analysis) -> str:
    return render_html(analysis, runner_name="Dana Ortiz", clinic=CLINIC)


def svgs(html: str) -> list[ET.Element]:
    found = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    return [ET.fromstring(s) for s in found]


class ResourceRefs(HTMLParser):
    """Collects every attribute that could make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "data", "poster"):
                self.refs.append(value or "")


def test_it_shows_every_cause_with_its_level_and_evidence_numbers(
    page: str, analysis: Analysis
) -> None:
    for cause in analysis.causes:
        assert f'data-cause="{cause.id}"' in page
        card = page.split(f'id="cause-{cause.id}"')[1].split("</article>")[0]
        assert f'data-level="{cause.level}"' in card
        for item in cause.evidence:
            assert f"<strong class='ev-value'>{number(item.value)}</strong>" in card
            assert f"[{item.citation}]" in card


def test_it_shows_the_cadence_and_every_plan_action(
    page: str, analysis: Analysis
) -> None:
    assert 'data-cadence="weekly"' in page
    assert "MFR weekly while training is heavy" in page
    for action in analysis.plan.actions:
        assert action.text.replace("×", "×") in page.replace("&#x27;", "'")
        assert f"[{action.citation}]" in page


def test_it_needs_nothing_from_the_network(page: str) -> None:
    parser = ResourceRefs()
    parser.feed(page)
    assert parser.refs, "expected internal citation links"
    assert all(ref.startswith("#") for ref in parser.refs), parser.refs
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "<script" not in page
    assert "<link" not in page


def test_every_svg_parses_as_xml(page: str) -> None:
    parsed = svgs(page)
    # weekly load, form, shoes, body map, chain, plus a score bar per cause
    assert len(parsed) >= 5 + 4
    assert all(s.tag == f"{SVG}svg" for s in parsed)


def test_the_body_map_shades_the_aching_regions() -> None:
    tree = ET.fromstring(body_map_svg({"heel:left": 6.0, "calf:both": 2.0}))
    fills = {el.get("id"): el.get("fill") for el in tree.iter() if el.get("id")}
    assert fills["bm-heel-left"] != UNSHADED
    assert fills["bm-heel-right"] == UNSHADED
    assert fills["bm-calf-left"] == fills["bm-calf-right"] != UNSHADED
    assert fills["bm-heel-left"] != fills["bm-calf-left"]  # 6 is darker than 2


def test_the_body_map_draws_all_22_regions_on_each_side() -> None:
    from stridelight.core.vocabulary import REGIONS

    tree = ET.fromstring(body_map_svg({}))
    ids = {el.get("id") for el in tree.iter() if el.get("id")}
    assert {f"bm-{r}-{s}" for r in REGIONS for s in ("left", "right")} <= ids


def test_it_escapes_what_the_runner_typed(analysis: Analysis) -> None:
    evil = "<script>alert(1)</script>"
    shoe = replace(analysis.shoes[0], name=f"Peg {evil} $x$")
    page = render_html(
        replace(analysis, shoes=(shoe,)),
        runner_name=evil,
        clinic=ClinicInfo(name=f"Clinic {evil}", phone="<b>555</b>"),
    )
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;555&lt;/b&gt;" in page


def test_it_renders_the_same_bytes_twice(analysis: Analysis) -> None:
    assert render_html(analysis, runner_name="Dana", clinic=CLINIC) == render_html(
        analysis, runner_name="Dana", clinic=CLINIC
    )


def test_the_header_names_the_runner_the_date_and_the_clinic(page: str) -> None:
    header = page.split("</header>")[0]
    assert "Dana Ortiz" in header
    assert "30 Mar 2025" in header and "2025-03-30" in header
    assert CLINIC.address is not None
    assert all(part in header for part in (CLINIC.name, CLINIC.phone, CLINIC.address))


def test_a_red_flag_report_says_see_a_physician_before_the_causes(
    analysis: Analysis,
) -> None:
    flagged = replace(
        analysis,
        red_flags=("numbness_tingling", "night_pain"),
        plan=Plan("refer_first", analysis.plan.actions),
    )
    page = render_html(
        flagged, clinic=ClinicInfo(name="Eastside MFR", phone="555-0100")
    )
    first_cause = page.index('class="section section-causes')
    assert page.index("See a physician first.") < first_cause
    assert page.index("Numbness or tingling") < first_cause
    assert "555-0100" in page.split('class="section section-causes')[0]
    assert 'data-cadence="refer_first"' in page


def test_a_report_without_red_flags_does_not_send_anyone_to_a_physician(
    page: str,
) -> None:
    assert "See a physician first" not in page
    assert "No red flags reported" in page


def test_missing_history_shoes_and_aches_become_sentences(analysis: Analysis) -> None:
    bare = replace(
        analysis, series=None, shoes=(), ache_by_region={}, chain=(), patterns=()
    )
    page = render_html(bare, clinic=CLINIC)
    assert "Not enough training history yet" in page
    assert "No shoes recorded" in page
    assert "No aches logged yet" in page
    assert "No region up the chain stands out yet" in page
    assert "No pattern between your habits" in page
    assert len(svgs(page)) == 4  # only the causes' score bars remain


def test_patterns_show_the_claimed_and_count_the_rest(page: str) -> None:
    assert "Aches were more common on days after runs without stretching." in page
    assert "risk ratio 2.1, 95 % interval 1.3 to 3.4" in page
    assert "2 more possible patterns still collecting data" in page


def test_sources_list_every_cited_id_and_point_to_the_evidence_notes(
    page: str, analysis: Analysis
) -> None:
    cited = {e.citation for c in analysis.causes for e in c.evidence}
    cited |= {a.citation for a in analysis.plan.actions}
    for source_id in cited:
        assert f'id="src-{source_id}"' in page
    assert "docs/evidence.md" in page


def test_it_says_contributing_factors_not_a_diagnosis(page: str) -> None:
    assert "It is not a diagnosis" in page
    assert "diagnosed" not in page.lower()


def test_the_chain_diagram_shows_each_ranked_region_and_its_grade(page: str) -> None:
    chain = page.split('id="chain"')[1].split("</section>")[0]
    for words in ("#1  0.74", "#2  0.61", "#3  0.33", "evidence: strong",
                  "evidence: moderate", "Superficial Back Line", "Lateral Line"):  # fmt: skip
        assert words in chain


def test_render_pdf_returns_a_pdf_of_reasonable_size(analysis: Analysis) -> None:
    pdf = render_pdf(analysis, runner_name="Dana Ortiz", clinic=CLINIC)
    assert pdf.startswith(b"%PDF")
    assert 20_000 < len(pdf) < 5_000_000


@pytest.mark.parametrize("name", ["report.html", "REPORT.HTM", "report.pdf"])
def test_write_report_picks_the_format_by_suffix(
    tmp_path: Path, analysis: Analysis, name: str
) -> None:
    written = write_report(
        replace(analysis, series=None), tmp_path / name, clinic=CLINIC
    )
    head = written.read_bytes()[:15]
    if name.lower().endswith(".pdf"):
        assert head.startswith(b"%PDF")
    else:
        assert head.startswith(b"<!DOCTYPE html>")


@pytest.mark.parametrize("name", ["report.docx", "report"])
def test_write_report_rejects_an_unknown_suffix(
    tmp_path: Path, analysis: Analysis, name: str
) -> None:
    with pytest.raises(ValueError, match=r"use a \.html, \.htm or \.pdf"):
        write_report(analysis, tmp_path / name, clinic=CLINIC)
    assert not (tmp_path / name).exists()


def test_the_weekly_chart_groups_days_into_monday_to_sunday_weeks() -> None:
    from stridelight.report.weeks import weekly

    series = twelve_weeks()
    weeks = weekly(series)
    assert len(weeks) == 12
    assert weeks[-1].start == AS_OF - timedelta(days=6)
    assert math.isclose(sum(w.load for w in weeks), sum(series.load))
    assert weeks[0].worst_ache == 3 and weeks[-1].worst_ache == 8


def test_it_copes_with_ids_and_data_it_has_no_words_for(analysis: Analysis) -> None:
    short = DailySeries(
        days=(AS_OF - timedelta(days=2), AS_OF - timedelta(days=1), AS_OF),
        load=(0.0, 50.0, 0.0),
        distance_km=(0.0, 6.0, 0.0),
        fitness=(0.0, 1.2, 1.1),
        fatigue=(0.0, 7.1, 6.1),
        form=(0.0, -5.9, -5.0),
        monotony=(None, None, None),
        strain=(None, None, None),
        ache_max=(None, None, None),
    )
    odd = replace(
        analysis,
        # Words outside the Literals, as a newer analysis might send.
        causes=(
            CauseFinding(cast(CauseId, "new_detector"), cast(Level, "unknown"), 1.7),
        ),
        chain=(
            ChainLink(cast(Region, "glutes:left"), 0.4, "back_functional_line", "none"),
        ),
        plan=Plan(
            "weekly",
            (PlanAction(cast(ActionKind, "breathing"), "Breathe.", "Calm.", ""),),
        ),
        shoes=(ShoeStatus("x", "No limit", 12.0, 0.0, 1, 1.0),),
        ache_by_region={"elbow:left": 4.0, "heel": 9.5},
        series=short,
    )
    page = render_html(odd, clinic=CLINIC)
    assert 'data-cause="new_detector"' in page and "New detector" in page
    assert "Back functional line" in page
    assert "Elbow (left)" in page  # listed in words though it has no place on the map
    assert all(s.tag == f"{SVG}svg" for s in svgs(page))
