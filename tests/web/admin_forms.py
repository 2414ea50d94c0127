"""An admin change form sent back as a browser would: every field as the page
filled it, some changed.  The escaping tests type into the admin's real forms
(inlines included) without restating each form's fields."""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser

from django.test import Client


class _FormReader(HTMLParser):
    """The values the admin's ``<form id="…_form">`` would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, list[str]] = {}
        self._inside = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._inside = a.get("id", "").endswith("_form")
        if not self._inside or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea][-1] += data.removeprefix("\n")


def admin_change(
    client: Client,
    url: str,
    changed: Mapping[str, str],
    *,
    new_rows: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Open the admin form at ``url``, change the fields ``changed`` names, add
    one row to each inline ``new_rows`` names (by its prefix: ``time_off``),
    save, and check the admin took it."""
    page = client.get(url)
    assert page.status_code == 200, url
    reader = _FormReader()
    reader.feed(page.content.decode())
    data = dict(reader.fields)
    for name, value in changed.items():
        data[name] = [value]
    for prefix, row in (new_rows or {}).items():
        count = int(data[f"{prefix}-TOTAL_FORMS"][0])
        data[f"{prefix}-TOTAL_FORMS"] = [str(count + 1)]
        data.update({f"{prefix}-{count}-{k}": [v] for k, v in row.items()})
    data["_save"] = ["Save"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
