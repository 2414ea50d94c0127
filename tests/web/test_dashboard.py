"""/me/: the dashboard shows the report's analysis from the store, red flags first,
honest about what it has not measured, and follows the runner's data."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from stridelight.core.journal import Ache, Checkin
from stridelight.runners import journal_services as journal
from stridelight.runners.analysis_day import analysis_day, newest_day
from stridelight.runners.models import Checkin as Checkin_row
from stridelight.runners.services import data_changed, runner_for
from tests.core.scenarios import AS_OF, TZ, footwear, healthy
from tests.web.store import a_runner, save_runner_data

pytestmark = pytest.mark.django_db
#: Noon on the scenarios' "as of" day, in the runner's zone.
NOW = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 12, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Runner ids and data versions repeat from one test to the next (each rolls
    back), so an analysis cached by the last test must not be read by this one."""
    cache.clear()


def _page(client: Client) -> str:
    with time_machine.travel(NOW, tick=False):
        response = client.get("/me/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_asks_to_sign_in_first(client: Client) -> None:
    response = client.get("/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_runner_without_data_sees_where_to_start_and_no_all_clear(
    client: Client,
) -> None:
    client.force_login(a_runner())
    page = _page(client)
    assert "Nothing recorded yet" in page
    assert 'href="/me/uploads/"' in page and 'href="/me/check-in/"' in page
    assert "Not asked yet" in page  # red flags never asked are not "none"
    assert "No red flags" not in page
    assert page.count("Not enough data to judge it.") == 4
    assert "not assessed" in page.lower()
    assert "Level: Clear" not in page and "○ Clear" not in page


def test_red_flags_come_before_the_causes(client: Client) -> None:
    client.force_login(a_runner())
    page = _page(client)
    assert page.index('id="red-flags"') < page.index('id="causes"')


def test_a_runner_with_history_sees_causes_plan_charts_and_shoes(
    client: Client,
) -> None:
    user = a_runner()
    save_runner_data(user, healthy())
    client.force_login(user)
    page = _page(client)
    assert "Nothing recorded yet" not in page
    assert "No red flags on your check-in of" in page
    for name in ("Repetitive strain", "Footwear", "Tight chain", "Under-recovery"):
        assert name in page
    assert "Road pair A" in page and "Road pair B" in page
    assert 'id="weekly-data"' in page and 'id="form-data"' in page
    assert "uPlot.iife.min.js" in page and "runners/charts.js" in page
    assert "<style" not in page and 'style="' not in page


def test_the_weekly_chart_data_is_the_reports_weeks(client: Client) -> None:
    user = a_runner()
    save_runner_data(user, healthy())
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/me/")
    weekly = response.context["weekly_chart"]
    assert len(weekly["weeks"]) == 16  # the report's WEEKS_SHOWN
    assert all(date.fromisoformat(w).weekday() == 0 for w in weekly["weeks"])
    assert weekly["load"][-2] > 0
    page = response.content.decode()
    start = page.index('id="weekly-data"')
    payload = page[page.index(">", start) + 1 : page.index("</script>", start)]
    assert json.loads(payload)["weeks"] == weekly["weeks"]


def test_the_heat_map_data_is_passed_and_tabled(client: Client) -> None:
    user = a_runner()
    data = healthy()
    ache = Ache(NOW - timedelta(hours=2), "arch", "right", 6, "after_run")
    save_runner_data(user, replace(data, aches=(*data.aches, ache)))
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/me/")
    assert response.context["ache_heat"]["arch:right"] == 6.0
    page = response.content.decode()
    assert 'class="heat-table"' in page  # the body heat map's text equivalent
    row = page[page.index('<th scope="row">Arch</th>') :].split("</tr>")[0]
    assert "6" in row.split("<td>")[2]  # the right-hand column
    assert "none logged" in row.split("<td>")[1].lower()


def test_a_red_flag_puts_the_physician_first(client: Client) -> None:
    user = a_runner()
    data = healthy()
    flagged = Checkin(AS_OF, ("night_pain",))
    save_runner_data(user, replace(data, checkins=(*data.checkins, flagged)))
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/me/")
    page = response.content.decode()
    assert "See a physician first." in page
    assert "Pain at night" in page
    assert response.context["plan"]["cadence"] == "refer_first"


def test_the_plan_changes_when_a_shoe_is_retired(client: Client) -> None:
    user = a_runner()
    save_runner_data(user, footwear())
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        before = client.get("/me/").context["plan"]["actions"]
    runner = runner_for(user)
    worn = runner.shoe_set.get(key="a")
    journal.shoe_retire(runner=runner, shoe=worn, on=AS_OF - timedelta(days=60))
    with time_machine.travel(NOW, tick=False):
        after = client.get("/me/").context["plan"]["actions"]
    assert before != after


def test_the_plan_changes_when_the_red_flags_are_answered(client: Client) -> None:
    user = a_runner()
    data = healthy()
    save_runner_data(user, replace(data, checkins=()))
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        before = client.get("/me/").context["plan"]["actions"]
    assert before[0]["kind"] in ("screen", "red_flag_questions")
    runner = runner_for(user)
    Checkin_row.objects.create(runner=runner, date=AS_OF, red_flags=[])
    data_changed(runner)  # as the check-in's service will
    with time_machine.travel(NOW, tick=False):
        after = client.get("/me/").context["plan"]["actions"]
    assert [a["kind"] for a in after] != [a["kind"] for a in before]


def test_old_data_is_analysed_as_of_its_newest_day_and_says_so(
    client: Client,
) -> None:
    user = a_runner()
    save_runner_data(user, healthy())
    client.force_login(user)
    later = NOW + timedelta(days=90)
    with time_machine.travel(later, tick=False):
        response = client.get("/me/")
    assert response.context["analysis"].as_of == AS_OF
    assert "The newest data is from" in response.content.decode()


def test_the_day_from_aggregates_matches_the_cores_choice() -> None:
    from stridelight.core.as_of import default_as_of
    from stridelight.runners.selectors import runner_data

    user = a_runner()
    save_runner_data(user, healthy())
    runner = runner_for(user)
    data = runner_data(user)
    for today in (AS_OF, AS_OF + timedelta(days=10), AS_OF + timedelta(days=40)):
        assert analysis_day(runner, today)[0] == default_as_of(data, today)
    assert newest_day(runner, AS_OF - timedelta(days=400)) is None


@pytest.mark.parametrize("days", [9, 60, 182, 400])
def test_the_weekly_chart_from_recent_days_equals_the_reports(days: int) -> None:
    from stridelight.core.analysis import analyze
    from stridelight.report.charts import WEEKS_SHOWN
    from stridelight.report.weeks import charted_weeks
    from stridelight.runners.dashboard import weekly_chart

    data = healthy()
    end = AS_OF - timedelta(days=3)  # a Thursday: this week is partial
    first = end - timedelta(days=days)
    kept = tuple(w for w in data.workouts if first <= w.start.date() <= end)
    series = analyze(replace(data, workouts=kept), as_of=end).series
    assert series is not None
    chart = weekly_chart(series)
    weeks = charted_weeks(series, WEEKS_SHOWN)
    if chart is None:
        assert not any(w.whole for w in weeks)
    else:
        assert chart["weeks"] == [w.start.isoformat() for w in weeks]
        assert chart["load"] == [round(w.load, 1) for w in weeks]


def test_red_flags_answered_long_ago_count_as_not_asked_with_their_date(
    client: Client,
) -> None:
    user = a_runner()
    data = healthy()
    old = tuple(c for c in data.checkins if (AS_OF - c.date).days > 40)
    save_runner_data(user, replace(data, checkins=old))
    client.force_login(user)
    page = _page(client)
    assert "Not asked yet." in page
    last = max(c.date for c in old)
    assert f'You last answered them on <time datetime="{last.isoformat()}">' in page
    assert "No red flags" not in page


def test_the_page_shows_the_analysis_of_the_runners_own_data() -> None:
    """From the store, the same causes, plan and chain as the data analysed as is."""
    from stridelight.core.analysis import analyze
    from stridelight.runners.dashboard import context

    user = a_runner()
    data = footwear()
    save_runner_data(user, data)
    client = Client()
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        shown = client.get("/me/").context
    expected = context(analyze(data, as_of=AS_OF))
    for part in ("causes", "plan", "chain", "shoes", "ache_heat", "weekly_chart"):
        assert shown[part] == expected[part], part
    assert any(c["level"]["id"] == "flag" for c in shown["causes"])
