"""No page loads or sends anything to another host (issue #12, docs/security.md).

Every page the authorization matrix opens with 200, as each role that opens it,
is read for every address it names: ``src``, ``href``, ``action``, ``srcset``,
``poster``, ``data``, ``formaction``, ``xlink:href`` and the ``url()`` of every
stylesheet it links.  Each must stay on this site (a path, or ``data:`` for an
inline image).  The one exception decided (docs/security.md): a plain link
``<a href="https://…">`` on a /learn/ page, to a source the page cites, which
loads nothing and, with ``Referrer-Policy: same-origin``, tells the other site
nothing.  No page has one today.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.web.matrix_setup import ROLES, Matrix
from tests.web.test_authorization_matrix import EXPECTED, URLS, matrix

__all__ = ["matrix"]  # the fixture, from the matrix's test
pytestmark = pytest.mark.django_db
URL_ATTRIBUTES = frozenset(
    {"src", "href", "action", "srcset", "poster", "data", "formaction", "xlink:href"}
)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
#: Schemes that load nothing from anywhere (otpauth: the two-factor setup's link
#: that opens the authenticator app on the same phone).
LOCAL_SCHEMES = frozenset({"", "data", "mailto", "tel", "otpauth"})


class Addresses(HTMLParser):
    """(tag, attribute, address) of every address named in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                for address in value.split(",") if name == "srcset" else [value]:
                    self.found.append((tag, name, address.strip().split(" ")[0]))


def outside(address: str) -> bool:
    """Does this address reach another host (or one scheme we do not know)?"""
    parts = urlsplit(address)
    if parts.scheme in LOCAL_SCHEMES - {""}:
        return False
    if parts.netloc and parts.netloc != "testserver":
        return True
    return parts.scheme not in LOCAL_SCHEMES | {"http", "https"}


def allowed(page: str, tag: str, attribute: str, address: str) -> bool:
    """The decided exception: a plain link on /learn/ to a cited source."""
    return (
        page.startswith("/learn/")
        and tag == "a"
        and attribute == "href"
        and urlsplit(address).scheme == "https"
    )


def pages(matrix: Matrix) -> list[tuple[str, str]]:
    """(role, address) of every page the matrix opens with 200."""
    return [
        (role, URLS[pattern].format(**matrix.ids))
        for pattern, answers in EXPECTED.items()
        for role, answer in zip(ROLES, answers, strict=True)
        if answer == "200"
    ]


def stylesheet_addresses(client: Client, href: str) -> list[str]:
    css = client.get(href)
    assert css.status_code == 200, href
    return CSS_URL.findall(css.getvalue().decode())  # streamed or not


def test_no_page_names_another_host(matrix: Matrix) -> None:
    wrong: list[str] = []
    checked: set[str] = set()
    stylesheets: dict[str, str] = {}  # href → a role that was sent it
    for role, page in pages(matrix):
        response = matrix.clients[role].get(page)
        if not response["Content-Type"].startswith("text/html"):
            continue
        checked.add(page)
        reader = Addresses()
        reader.feed(response.content.decode())
        for tag, attribute, address in reader.found:
            if tag == "link" and address.endswith(".css"):
                stylesheets.setdefault(address, role)
            if outside(address) and not allowed(page, tag, attribute, address):
                wrong.append(f"{role} {page}: <{tag} {attribute}={address!r}>")
    for href, role in sorted(stylesheets.items()):
        # As a role its page was shown to: the report's is a runner's (/me/).
        for address in stylesheet_addresses(matrix.clients[role], href):
            if outside(address):
                wrong.append(f"{href}: url({address})")
    assert not wrong, "\n".join(wrong)
    # Every kind of page was read: public, runner's, workspace, admin.
    assert {"/", "/me/", "/clinic/", "/admin/", "/book/"} <= checked
    assert stylesheets


def test_the_checker_sees_an_outside_address() -> None:
    reader = Addresses()
    reader.feed(
        '<img srcset="/a.png 1x, https://cdn.example/b.png 2x">'
        '<form action="//evil.example/x"></form><a href="/learn/">ok</a>'
    )
    flagged = [a for _, _, a in reader.found if outside(a)]
    assert flagged == ["https://cdn.example/b.png", "//evil.example/x"]
    assert not outside("otpauth://totp/Stridelight?secret=X")
    assert outside("ftp://files.example/x") and outside("javascript:alert(1)")
    assert allowed("/learn/fascia/", "a", "href", "https://pubmed.example/1")
    assert not allowed("/me/", "a", "href", "https://pubmed.example/1")
    assert not allowed("/learn/fascia/", "script", "src", "https://cdn.example/x.js")
