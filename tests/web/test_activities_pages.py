"""/me/activities/: the list (paginated, shoe changeable) and each activity's route
and pace, heart rate and cadence over the run, read back from its original file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from stridelight.accounts.models import User
from stridelight.runners import models as m
from stridelight.runners.selectors_activities import PER_PAGE
from stridelight.runners.services import (
    activity_shoe_set,
    import_sources,
    runner_for,
)
from tests.conftest import REAL, ROOT
from tests.web.store import a_runner, save_runner_data

pytestmark = pytest.mark.django_db
DEMO = ROOT / "samples" / "demo-runner"
STRAVA = REAL / "strava_export_sample.zip"


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "files")


@pytest.fixture
def ann() -> User:
    return a_runner()


@pytest.fixture
def demo(ann: User) -> User:
    """Ann with the demo runner's bundle: 42 runs, shoes, a journal."""
    import_sources(user=ann, sources=[DEMO], workers=0)
    return ann


@pytest.fixture
def signed_in(client: Client, ann: User) -> Client:
    client.force_login(ann)
    return client


def newest(user: User) -> m.Activity:
    return m.Activity.objects.filter(runner__user=user).order_by("-start").first()  # type: ignore[return-value]


def test_the_list_shows_each_run_newest_first_one_page_at_a_time(
    signed_in: Client, demo: User
) -> None:
    kept = m.Activity.objects.filter(duplicate_of__isnull=True).count()
    assert kept > PER_PAGE
    first = signed_in.get("/me/activities/").content.decode()
    rows = re.findall(r'<a href="/me/activities/(\d+)/">', first)
    assert len(rows) == PER_PAGE
    assert int(rows[0]) == newest(demo).pk
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = signed_in.get("/me/activities/?page=2").content.decode()
    assert len(re.findall(r'<a href="/me/activities/\d+/">', second)) == kept - PER_PAGE
    # every figure a runner reads: distance, time, pace, heart rate, the shoe
    row = newest(demo)
    assert f"{row.distance_m / 1000:.2f} km" in first
    assert re.search(r"\d+:\d\d /km", first)
    assert "bpm" in first or "not recorded" in first
    assert row.shoe is not None and f'value="{row.shoe.pk}" selected' in first


def test_a_runner_without_activities_is_pointed_to_the_uploads(
    signed_in: Client,
) -> None:
    page = signed_in.get("/me/activities/").content.decode()
    assert "No activities yet" in page and 'href="/me/uploads/"' in page


def test_the_detail_draws_the_route_and_charts_the_run(
    signed_in: Client, demo: User
) -> None:
    row = newest(demo)
    page = signed_in.get(f"/me/activities/{row.pk}/").content.decode()
    svg = re.search(r"<svg[^>]*data-route[^>]*>.*?</svg>", page, re.S)
    assert svg is not None and 'role="img"' in svg.group(0)
    points = re.search(r'<polyline points="([^"]+)"', svg.group(0))
    assert points is not None
    assert 10 < len(points.group(1).split()) <= 400
    series = re.search(
        r'<script id="run-series" type="application/json">(.*?)</script>', page, re.S
    )
    assert series is not None
    data = json.loads(series.group(1))
    assert len(data["t"]) == len(data["pace"]) <= 500
    # this phone recording has no heart rate: said, not charted as zero
    assert data["hr"] is None
    assert "Heart rate was not recorded in this file." in page
    assert "vendor/uplot/uPlot.iife.min.js" in page
    # the text alternative: a table per kilometre
    kilometres = int(row.distance_m // 1000)
    assert page.count('<tr><th scope="row">') >= kilometres
    assert ">Each kilometre</caption>" in page
    assert ">The charts in numbers</caption>" in page
    assert "Pace (fastest to slowest)" in page


def test_a_watch_run_charts_its_heart_rate(signed_in: Client, demo: User) -> None:
    row = m.Activity.objects.get(path__endswith="2026-11-15-long.fit.gz")
    page = signed_in.get(f"/me/activities/{row.pk}/").content.decode()
    series = re.search(r'id="run-series" type="application/json">(.*?)<', page)
    assert series is not None
    hr = [v for v in json.loads(series.group(1))["hr"] if v is not None]
    assert row.avg_hr is not None and min(hr) < row.avg_hr < max(hr)
    assert 'data-chart="hr"' in page


def test_a_recording_without_positions_says_so_and_draws_nothing(
    signed_in: Client, ann: User
) -> None:
    treadmill = REAL / "fit" / "fitparse__sample-activity-indoor-trainer.fit"
    import_sources(user=ann, sources=[treadmill], workers=0)
    page = signed_in.get(f"/me/activities/{newest(ann).pk}/").content.decode()
    assert "data-route" not in page
    assert "no positions" in page


def test_an_activity_whose_file_was_not_kept_says_why(
    signed_in: Client, ann: User
) -> None:
    from stridelight.ingest import ingest

    save_runner_data(ann, ingest(DEMO).data)  # rows without stored originals
    page = signed_in.get(f"/me/activities/{newest(ann).pk}/").content.decode()
    assert "original file was not kept" in page
    assert "data-route" not in page


def test_another_runners_activity_answers_404(client: Client, demo: User) -> None:
    client.force_login(a_runner("bob@example.com"))
    theirs = newest(demo)
    assert client.get(f"/me/activities/{theirs.pk}/").status_code == 404
    shoe = m.Shoe.objects.filter(runner__user=demo).first()
    assert shoe is not None
    response = client.post(f"/me/activities/{theirs.pk}/shoe/", {"shoe": shoe.pk})
    assert response.status_code == 404


def test_changing_a_runs_shoe_raises_the_data_version(
    signed_in: Client, demo: User
) -> None:
    row = newest(demo)
    assert row.shoe_id is not None
    other = m.Shoe.objects.filter(runner__user=demo).exclude(pk=row.shoe_id).first()
    assert other is not None
    before = runner_for(demo).data_version
    response = signed_in.post(
        f"/me/activities/{row.pk}/shoe/",
        {"shoe": other.pk, "next": "/me/activities/?page=2"},
    )
    assert (
        response.status_code == 302 and response["Location"] == "/me/activities/?page=2"
    )
    row.refresh_from_db()
    assert row.shoe_id == other.pk
    assert runner_for(demo).data_version > before
    page = signed_in.get("/me/activities/?page=2").content.decode()
    assert "Saved: the run of" in page and other.name in page


def test_no_pair_clears_the_shoe_and_an_outside_next_is_ignored(
    signed_in: Client, demo: User
) -> None:
    row = newest(demo)
    response = signed_in.post(
        f"/me/activities/{row.pk}/shoe/", {"shoe": "", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/me/activities/"
    row.refresh_from_db()
    assert row.shoe_id is None


def test_another_runners_shoe_is_refused_and_nothing_changes(
    signed_in: Client, demo: User
) -> None:
    bob = a_runner("bob@example.com")
    theirs = m.Shoe.objects.create(runner=runner_for(bob), key="b", name="Bob's pair")
    row = newest(demo)
    before = (row.shoe_id, runner_for(demo).data_version)
    signed_in.post(f"/me/activities/{row.pk}/shoe/", {"shoe": theirs.pk})
    row.refresh_from_db()
    assert (row.shoe_id, runner_for(demo).data_version) == before


def test_the_service_changes_nothing_when_the_pair_is_the_same(demo: User) -> None:
    runner = runner_for(demo)
    row = newest(demo)
    version = runner.data_version
    activity_shoe_set(runner=runner, activity_id=row.pk, shoe_id=row.shoe_id)
    assert runner_for(demo).data_version == version
    bob = runner_for(a_runner("bob@example.com"))
    with pytest.raises(m.Activity.DoesNotExist):
        activity_shoe_set(runner=bob, activity_id=row.pk, shoe_id=None)


def test_a_copy_of_a_recording_is_listed_once_and_points_to_the_kept_one(
    signed_in: Client, ann: User
) -> None:
    import_sources(user=ann, sources=[STRAVA], workers=0)
    copies = m.Activity.objects.filter(duplicate_of__isnull=False)
    listed = signed_in.get("/me/activities/").content.decode()
    for copy in copies:
        assert f'href="/me/activities/{copy.pk}/"' not in listed
        page = signed_in.get(f"/me/activities/{copy.pk}/").content.decode()
        assert f'href="/me/activities/{copy.duplicate_of_id}/"' in page


def test_figures_read_as_a_runner_says_them_and_unknown_stays_unknown() -> None:
    from stridelight.runners.templatetags import activity_format as f

    assert (f.km(10_020.0), f.clock(3723.4), f.clock(52 * 60 + 7)) == (
        "10.02 km", "1:02:03", "52:07"
    )  # fmt: skip
    assert f.pace(312.0) == "5:12 /km"
    run = m.Activity(sport="running", distance_m=10_000.0, duration_s=3100.0,
                     moving_time_s=3000.0)  # fmt: skip
    ride = m.Activity(sport="cycling", distance_m=30_000.0, duration_s=3600.0)
    assert (f.speed_or_pace(run), f.pace_or_speed_label(run)) == ("5:00 /km", "Pace")
    assert (f.speed_or_pace(ride), f.pace_or_speed_label(ride)) == (
        "30.0 km/h",
        "Speed",
    )
    unknown = (f.km(None), f.clock(None), f.bpm(None), f.spm(None), f.pace(None))
    assert set(unknown) == {"not recorded"}
    assert (
        f.speed_or_pace(m.Activity(sport="running", distance_m=0.0, duration_s=60.0))
        == "not recorded"
    )
