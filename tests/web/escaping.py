"""Hostile text for the escaping tests (tests/web/test_escaping*.py), and the
check that a page shows it as text.

Each field gets its own payload, marked with a tag naming the field, so a page
that shows several fields is checked for each one: the payload's escaped form
must be on the page, and none of its markup may be.
"""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from django.utils.html import escape

#: Markup no page of Stridelight has: any of these on a page is a payload let through.
RAW_MARKS = ("<script>alert", "<img src=x", "onerror=alert(1)>")


def hostile(tag: str) -> str:
    """A script, an image whose error runs script, and the characters that close
    an attribute or start an entity: ``<script>alert("tag")</script><img …>"'&``."""
    return f'<script>alert("{tag}")</script><img src=x onerror=alert(1)>"\'&'


def hostile_short(tag: str) -> str:
    """The same within 40 characters (a phone number's column), with the seven
    digits a phone number needs when ``tag`` is one."""
    return f"<script>alert({tag})</script>\"'&"


def hostile_email(tag: str) -> str:
    """An address Django's validator takes: markup in a quoted local part
    (no spaces there, and a lower-case ``tag``: addresses are stored lower-case)."""
    return f"\"<script>alert('{tag}')</script>&\"@example.com"


def hostile_clause(tag: str) -> str:
    """The same without brackets, commas or full stops, which end a clause: a note
    whose red-flag words are quoted back is quoted whole (core.redflag_text)."""
    return f"<script>alert`{tag}`</script><img src=x onerror=alert`1`>\"'&"


def spy_on_printing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML pages WeasyPrint is given to print, in order (the PDFs' text)."""
    import weasyprint

    pages: list[str] = []
    real = weasyprint.HTML

    def spy(*args: Any, string: str, **kwargs: Any) -> Any:
        pages.append(string)
        return real(*args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    return pages


def calendar_event(message: Any) -> Any:
    """The event of an e-mail's calendar part, read back as a calendar app would."""
    (part,) = [
        a for a in message.attachments if a.get_content_type() == "text/calendar"
    ]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]


def assert_shown_escaped(page: str, *texts: str, where: str) -> None:
    """Each of ``texts`` is on ``page`` escaped (``&lt;script&gt;…``), and no
    markup of any payload is there raw."""
    for mark in RAW_MARKS:
        assert mark not in page, f"{where}: raw {mark!r} on the page"
    for text in texts:
        assert text not in page, f"{where}: {text!r} is on the page unescaped"
        assert escape(text) in page, f"{where}: {escape(text)!r} is not on the page"


def assert_no_raw_markup(page: str, *, where: str) -> None:
    """No payload's markup on ``page`` (for pages that show a field only in part)."""
    for mark in RAW_MARKS:
        assert mark not in page, f"{where}: raw {mark!r} on the page"


def opened(client: Any, url: str) -> str:
    """The page at ``url`` as ``client`` sees it (200)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


def check(client: Any, shown: dict[str, tuple[str, ...]]) -> None:
    """Each page shows each of its texts escaped, and no markup raw."""
    for url, texts in shown.items():
        assert_shown_escaped(opened(client, url), *texts, where=url)
