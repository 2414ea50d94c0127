"""Render the app icons' PNGs from their SVGs, once, with Debian's Chromium.

The PNGs are committed (a phone's home screen wants PNG sizes); run this again
after changing an SVG: ``.venv/bin/python tools/render_icons.py``.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "src/stridelight/web/static/icons"
WANTED = (
    ("icon.svg", "icon-192.png", 192),
    ("icon.svg", "icon-512.png", 512),
    ("icon-maskable.svg", "icon-maskable-512.png", 512),
)


def main() -> None:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for source, target, size in WANTED:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = (ICONS / source).read_text(encoding="utf-8")
            page.set_content(
                "<html><body style='margin:0;background:transparent'>"
                f"<div style='width:{size}px;height:{size}px'>{svg}</div></body></html>"
            )
            page.locator("svg").evaluate(
                f"e => {{ e.setAttribute('width', {size}); e.setAttribute('height', {size}); }}"
            )
            page.locator("svg").screenshot(
                path=str(ICONS / target), omit_background=True
            )
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
