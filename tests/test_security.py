"""Log-in protection, security headers, and templates fit for a strict CSP."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORD

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


# Lockout per account and per address -------------------------------------------------


def attempt(client, email, password="wrong", address="198.51.100.1", **extra):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address, **extra
    )


def test_failures_from_many_addresses_lock_the_account(cast, client):
    for n in range(5):
        attempt(client, "lead@alder.test", address=f"198.51.100.{n + 1}")
    response = attempt(client, "lead@alder.test", password=PASSWORD, address="203.0.113.9")
    assert response.status_code == 429
    # Another account from a fresh address is not affected.
    assert attempt(client, "cfo@alder.test", PASSWORD, address="203.0.113.10").status_code == 302


def test_each_failure_records_the_account(cast, client):
    attempt(client, "LEAD@alder.test")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["lead@alder.test"]


def test_during_lockout_the_right_password_answers_as_a_wrong_one(cast, client):
    for n in range(5):
        attempt(client, "lead@alder.test", address=f"198.51.100.{n + 1}")
    right = attempt(client, "lead@alder.test", PASSWORD, address="203.0.113.9")
    wrong = attempt(client, "lead@alder.test", "still wrong", address="203.0.113.10")
    assert right.status_code == wrong.status_code == 429
    assert right.content == wrong.content


def test_the_lockout_answer_is_the_same_for_an_existing_and_an_unknown_account(cast, client):
    for n in range(5):
        attempt(client, "lead@alder.test", address=f"198.51.100.{n + 1}")
        attempt(client, "nobody@alder.test", address=f"192.0.2.{n + 1}")
    known = attempt(client, "lead@alder.test", address="203.0.113.9")
    unknown = attempt(client, "nobody@alder.test", address="203.0.113.10")
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_behind_the_load_balancer_each_client_has_its_own_address(cast, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.0.2"
    for n in range(5):  # one client tries five unknown accounts
        attempt(
            client,
            f"guess{n}@alder.test",
            address=balancer,
            HTTP_X_FORWARDED_FOR="203.0.113.50",
        )
    assert (
        attempt(
            client, "nobody@alder.test", address=balancer, HTTP_X_FORWARDED_FOR="203.0.113.50"
        ).status_code
        == 429
    )
    # Another client behind the same balancer still logs in.
    other = attempt(
        client, "lead@alder.test", PASSWORD, address=balancer, HTTP_X_FORWARDED_FOR="192.0.2.7"
    )
    assert other.status_code == 302


def test_logging_into_another_account_keeps_the_failures_on_this_one(cast, client):
    for _ in range(4):
        attempt(client, "lead@alder.test", address="198.51.100.1")
    # From the same address, the attacker logs into an account of their own...
    assert attempt(client, "cfo@alder.test", PASSWORD, address="198.51.100.1").status_code == 302
    client.logout()
    # ...and the fifth failure on the first account still locks it.
    assert attempt(client, "lead@alder.test", address="198.51.100.2").status_code == 429


def test_a_client_cannot_choose_its_address_behind_the_load_balancer(cast, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):  # each attempt claims another address before the balancer's entry
        attempt(
            client,
            f"guess{n}@alder.test",
            address="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}, 203.0.113.50",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
    response = attempt(
        client, "nobody@alder.test", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.50"
    )
    assert response.status_code == 429


def test_without_a_proxy_the_forwarded_header_is_not_believed(cast, client):
    attempt(client, "nobody@alder.test", address="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def test_the_lockout_page_says_how_long_to_wait(cast, client):
    response = fail_login(client, "lead@alder.test", 5)
    assert "Try again in 15 minutes" in response.content.decode()
