"""Log-in protection, security headers, and templates fit for a strict CSP."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def fail_login(client, email, times):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": email, "password": "wrong"})
    return response


@pytest.mark.parametrize("email", ["lead@alder.test", "nobody@alder.test"])
def test_repeated_failures_lock_out_without_revealing_the_account(cast, client, email):
    fail_login(client, email, 4)
    response = fail_login(client, email, 1)
    assert response.status_code == 429
    assert "Too many log-in attempts" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(
        reverse("login"),
        {"username": "lead@alder.test", "password": "correct horse battery staple 7"},
    )
    assert response.status_code == 429


def test_four_failures_do_not_lock(cast, client):
    fail_login(client, "lead@alder.test", 4)
    response = client.post(
        reverse("login"),
        {"username": "lead@alder.test", "password": "correct horse battery staple 7"},
    )
    assert response.status_code == 302


def test_security_headers(cast, login):
    response = login(cast.lead).get(cast.milestone.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)
INLINE_HANDLER = re.compile(r"\son(click|change|submit|load|input)=", re.I)


def test_no_template_has_inline_script_or_style():
    offenders = []
    # The PDF's template is rendered by WeasyPrint, never by a browser.
    pages = [p for p in sorted((ROOT / "templates").rglob("*.html")) if "pdf" not in p.parts]
    assert len(pages) > 50
    for path in pages:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern.pattern}")
    assert offenders == []


def test_production_cookies_are_secure_and_http_only():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','vbp_portal.settings');"
        "django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "True"], result.stderr
