"""One spelling, "e-mail", on every page a person reads: the log-in and reset pages and
the invitation forms, with their error messages too (Django's own say "email")."""

import re
from html import unescape

import pytest
from django.urls import reverse


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def other_spellings(html):
    return re.findall(r"[^.>\n]{0,40}\bemail\b[^.<\n]{0,40}", visible_text(html), re.I)


@pytest.mark.parametrize("name", ["login", "accounts:password_reset"])
def test_the_log_in_and_reset_pages_say_e_mail(client, db, name):
    url = reverse(name)
    page = client.get(url).content.decode()
    assert "E-mail address" in page
    refused = client.post(url, {"username": "not an address", "email": "not an address"})
    html = refused.content.decode()
    assert "Enter an e-mail address like name@practice.org." in html
    assert other_spellings(page) == []
    assert other_spellings(html) == []


def test_the_invitation_forms_say_e_mail(cast, login):
    client = login(cast.lead)
    for url in (
        reverse("practices:invitations", args=[cast.practice.pk]),
        reverse("assessments:respondents", args=[cast.milestone.pk]),
    ):
        html = client.post(url, {"email": "not an address", "role": "respondent"}).content
        html = html.decode()
        assert "Enter an e-mail address like name@practice.org." in html, url
        assert other_spellings(html) == [], url
