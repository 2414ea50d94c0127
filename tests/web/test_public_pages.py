"""The home page, the /learn/ pages, the plan's links into them, and the manifest."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from stridelight.core.vocabulary import ACTION_KINDS
from stridelight.web.learn import LEARN_FOR_ACTION, PAGES, LearnPage, learn_url_for

pytestmark = pytest.mark.django_db


def test_the_home_page_says_what_stridelight_does_and_links_booking_and_signup(
    client: Client,
) -> None:
    page = client.get("/").content.decode()
    assert "four contributing causes" in page
    assert 'href="/book/"' in page
    assert 'href="/accounts/signup/"' in page
    assert "(718) 369-0505" in page  # the clinic's number, from the settings


def test_the_learn_index_lists_every_page_in_order(client: Client) -> None:
    page = client.get("/learn/").content.decode()
    found = re.findall(r'href="(/learn/[a-z-]+/)"', page)
    assert [p.url for p in PAGES] == [u for u in found if u != "/learn/"][: len(PAGES)]


@pytest.mark.parametrize("learn_page", PAGES, ids=lambda p: p.slug)
def test_each_learn_page_has_its_title_and_its_sources(
    client: Client, learn_page: LearnPage
) -> None:
    response = client.get(learn_page.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{learn_page.title}</h1>".replace("'", "&#x27;") in page
    assert re.search(r'<ul class="sources-list">\s*<li>', page), "no source listed"


def test_an_unknown_learn_page_is_404(client: Client) -> None:
    assert client.get("/learn/no-such-page/").status_code == 404


def test_every_plan_action_kind_links_to_a_section_that_exists(client: Client) -> None:
    assert set(LEARN_FOR_ACTION) == set(ACTION_KINDS)
    for kind in ACTION_KINDS:
        url = learn_url_for(kind)
        path, _, anchor = url.partition("#")
        response = client.get(path)
        assert response.status_code == 200, url
        if anchor:
            assert f'id="{anchor}"' in response.content.decode(), url


def test_the_manifest_makes_the_app_installable(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/me/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        name = icon["src"].removeprefix("/static/")
        assert finders.find(name), f"{name} is not a static file"
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_every_page_links_the_manifest_and_the_theme_colour(client: Client) -> None:
    page = client.get("/learn/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#0b5cad">' in page


@pytest.mark.parametrize("address", ["/", "/learn/", *(p.url for p in PAGES)])
def test_the_public_pages_hold_no_inline_script_or_style(
    client: Client, address: str
) -> None:
    page = client.get(address).content.decode()
    assert "<style" not in page
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
