"""Security headers on every answer, production settings, and the deployment check."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import ROOT
from tests.web.store import STRIDELIGHT, embedded_env
from tests.web.test_commands import serving

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
#: The Django templates of every app (the printable report's is not one: it is
#: a self-contained file with its own <style>, served as a download).
TEMPLATES = sorted(
    p
    for p in (ROOT / "src" / "stridelight").glob("**/templates/**/*.html")
    if "report" not in p.relative_to(ROOT / "src" / "stridelight").parts[0]
)


def directives(header: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in header.split(";"))
    return dict(pairs)


def assert_security_headers(headers: Message | dict[str, str]) -> None:
    assert directives(headers["Content-Security-Policy"]) == CSP
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/", "/accounts/login/", "/healthz"])
def test_pages_carry_the_security_headers(client: Client, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert_security_headers(dict(response.headers))
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_static_files_carry_them_too(client: Client) -> None:
    response = client.get("/static/css/site.css")
    response.close()  # WhiteNoise streams the file: close it, not the GC
    assert response.status_code == 200
    assert_security_headers(dict(response.headers))


def test_serve_sends_the_security_headers_on_the_embedded_default(
    tmp_path: Path,
) -> None:
    with serving(tmp_path) as (base, get):
        assert get(f"{base}/healthz")[0] == 200
        for path in ("/accounts/login/", "/static/admin/css/base.css"):
            with urllib.request.urlopen(base + path, timeout=10) as response:
                assert response.status == 200
                assert_security_headers(response.headers)
        with urllib.request.urlopen(base + "/accounts/login/", timeout=10) as page:
            cookie = page.headers["Set-Cookie"]
        assert cookie.startswith("csrftoken=")
        assert "SameSite=Lax" in cookie


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = embedded_env(tmp_path)
    # The browser tests' conftest sets it for Playwright; a deployment must not.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        STRIDELIGHT_PRODUCTION="1",
        SECRET_KEY="production-key-" + "x7Q9" * 14,
        ALLOWED_HOSTS="clinic.example",
        # The deployment's database; the check does not connect to it.
        DATABASE_URL="postgres://stridelight@db.example:5432/stridelight",
        **extra,
    )
    return env


def run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_reports_nothing_with_the_production_settings(
    tmp_path: Path,
) -> None:
    done = run([STRIDELIGHT, "check", "--deploy"], production_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
    assert done.stderr == ""


def test_check_deploy_fails_on_the_laptop_settings(tmp_path: Path) -> None:
    done = run([STRIDELIGHT, "check", "--deploy"], embedded_env(tmp_path))
    assert done.returncode == 1
    assert "security.W008" in done.stderr  # no HTTPS redirect off production


def test_production_cookies_are_secure_host_only_and_httponly(tmp_path: Path) -> None:
    script = (
        "from stridelight.web import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['upgrade-insecure-requests'])"
    )
    done = run([sys.executable, "-c", script], production_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "True", "True", "True", "__Host-sessionid", "__Host-csrftoken",
        "True", "31536000", "True", "True",
    ]  # fmt: skip


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_template_has_inline_script_or_style(template: Path) -> None:
    """The CSP refuses them, so a page that had one would break in the browser."""
    html = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<style\b", html), "<style> element"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
