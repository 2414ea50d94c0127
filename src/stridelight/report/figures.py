"""The picture sections of the report: training load, shoes, body map, chain.

When the analysis lacks what a chart needs (too little history, no shoes, no
aches, nothing ranked) the section says so in a sentence instead of drawing an
empty chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from stridelight.core.results import Analysis, DailySeries, ShoeStatus
from stridelight.report import charts
from stridelight.report.bodymap import body_map_svg
from stridelight.report.chain import chain_svg, ranked
from stridelight.report.labels import line_name, number, region_name
from stridelight.report.markup import bullets, cite, esc, figure, para, section
from stridelight.report.weeks import charted_weeks


def training(analysis: Analysis) -> str:
    series = analysis.series
    if series is None or len(series.days) < 2:
        body = para(
            "Not enough training history yet to chart load, fitness and form: "
            "these charts appear after a few weeks of imported runs.",
            "missing",
        )
        return section("training", "Training load", body)
    if not charts.has_load(series):
        body = para(
            "No training load in the data yet (no run with heart rate, effort or "
            "pace): load, fitness and form are charted once runs are imported.",
            "missing",
        )
        return section("training", "Training load", body)
    return section("training", "Training load", _weekly(series) + _form(series))


def _weekly(series: DailySeries) -> str:
    if not charts.has_whole_week(series):
        return para(
            "The weekly chart starts once your history holds a whole week, Monday "
            "to Sunday, so no bar is compared with a shorter one.",
            "missing",
        )
    weeks = charted_weeks(series, charts.WEEKS_SHOWN)
    partial = "" if weeks[-1].whole else (
        f" The hatched bar is this week so far ({weeks[-1].days} of 7 days): do not "
        "compare it with the whole weeks."
    )  # fmt: skip
    return figure(
        charts.weekly_load_svg(series),
        f"Bars: training load per week, Monday to Sunday (last {charts.WEEKS_SHOWN} "
        "weeks at most; a week your history starts in the middle of is left out)."
        f"{partial} Diamonds: the worst ache you logged that week, 0-10 (right axis). "
        "Aches that climb with the bars point at load; aches on light weeks point "
        "elsewhere.",
    )


def _form(series: DailySeries) -> str:
    seeded = (
        f" Before your first run there is nothing to average, so both lines start "
        f"from your mean daily load over your first {charts.SEED_DAYS} days (shaded) "
        "rather than from zero: read that stretch as an estimate."
        if charts.seeded_days_shown(series)
        else ""
    )
    return figure(
        charts.form_svg(series),
        "Fitness is your 42-day average daily load, fatigue your 7-day average, form "
        f"the difference.{seeded} Form is drawn once there are "
        f"{charts.FORM_MIN_HISTORY_DAYS} days of history; below -30 is the high-risk "
        "band. Monotony (7-day mean / spread of daily load) above 1.5 means days that "
        "look alike; above 2.0 is a flag.",
    )


def _shoe_row(shoe: ShoeStatus) -> str:
    words, _ = charts.shoe_state(shoe)
    rate = "" if shoe.ache_rate is None else f"{shoe.ache_rate:.0%}"
    cells = (
        shoe.name, f"{shoe.km:.0f}", f"{shoe.limit_km:.0f}",
        f"{shoe.km / shoe.limit_km:.0%}" if shoe.limit_km > 0 else "",
        f"{shoe.share_28d:.0%} ({shoe.runs_28d} runs)", rate, words,
    )  # fmt: skip
    return "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"


def shoes(analysis: Analysis) -> str:
    if not analysis.shoes:
        body = para(
            "No shoes recorded. Add your pairs to the journal to track their distance "
            "and rotation.",
            "missing",
        )
        return section("shoes", "Shoes", body)
    if not charts.has_distance(analysis.shoes):
        body = para(
            "No distance on any pair yet, and no limit set: link runs to your shoes "
            "to see how far each pair has gone.",
            "missing",
        )
        return section("shoes", "Shoes", body + _shoe_table(analysis.shoes))
    chart = figure(
        charts.shoes_svg(analysis.shoes),
        "Each bar is a pair's distance. The solid tick is its limit, the dotted tick "
        "80 % of it, where replacing it is due. Colour (and the words) give its state.",
    )
    return section("shoes", "Shoes", chart + _shoe_table(analysis.shoes))


def _shoe_table(shoes: Sequence[ShoeStatus]) -> str:
    head = ("Pair", "km", "Limit", "Used", "Last 28 days", "Runs then aching", "State")
    return (
        "<table class='data shoes'><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(_shoe_row(s) for s in shoes)
        + "</tbody></table>"
    )


def aches(analysis: Analysis) -> str:
    if not analysis.ache_by_region:
        body = para("No aches logged yet, so the body map is blank.", "missing")
        return section("aches", "Where it aches", body)
    worst = sorted(analysis.ache_by_region.items(), key=lambda kv: (-kv[1], kv[0]))
    listed = bullets(
        [f"{esc(region_name(k))}: <strong>{v:.1f}</strong> / 10" for k, v in worst],
        "ache-list",
    )
    chart = figure(
        body_map_svg(analysis.ache_by_region),
        "Mean intensity of the aches you logged per region (0-10 scale), darker is "
        "worse. Front view: you face the reader. Back and soles: seen from behind.",
    )
    return section(
        "aches", "Where it aches", f"<div class='map-wrap'>{chart}{listed}</div>"
    )


def chain(analysis: Analysis) -> str:
    diagram = chain_svg(analysis.chain)
    if diagram is None:
        body = para(
            "No region up the chain stands out yet: screening tests or a therapist's "
            "findings will add to this.",
            "missing",
        )
        return section("chain", "The chain: where it may start", body)
    intro = para(
        "The ache shows up in the feet but may start elsewhere. Fascia links the foot "
        "to the calf, hamstrings, hips and back; these are the regions up the line "
        "most likely contributing, best first."
    )
    shown = figure(
        diagram,
        "Read each row from the ache (left) along a myofascial line on one side of "
        "the body. Blue boxes are ranked regions with their rank and score (0-1), "
        "darker for a higher score, wherever they appear. The dash of the arrows says "
        "how well the line itself is supported by dissection studies.",
    )
    items = [
        f"<strong>#{i} {esc(region_name(link.region))} ({esc(link.side)})</strong> "
        f"score {number(round(link.score, 2))} on the {esc(line_name(link.line))} "
        f"(evidence: {esc(link.evidence_grade)}) {cite('wilke2016')}"
        + (f"<br><span class='reasons'>{esc('; '.join(link.reasons))}</span>"
           if link.reasons else "")
        for i, link in enumerate(ranked(analysis.chain), start=1)
    ]  # fmt: skip
    return section(
        "chain", "The chain: where it may start",
        intro + shown + bullets(items, "chain-list"),
    )  # fmt: skip
