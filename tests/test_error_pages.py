"""Pages of ours, not the server's bare text, when an address is wrong, a request is
refused or something breaks (with DEBUG off, as in production)."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.views import defaults

from tests.test_page_html import html_problems


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def test_a_wrong_address_shows_our_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<h1 class="h3">This page does not exist</h1>' in html
    assert "EPT VBP Milestone Portal" in html
    assert 'href="/"' in html
    assert html_problems(html) == []


def test_a_milestone_out_of_reach_is_our_404_with_the_menu(cast, login):
    response = login(cast.other_lead).get(cast.milestone.get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page does not exist" in html
    assert "Log out" in html  # the base layout, with the person's menu
    assert "Alder Family Medicine" not in html


def test_a_refusal_shows_our_403_page(rf, db):
    request = rf.get("/")
    request.user = mock.Mock(is_authenticated=False)
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()


def test_an_expired_form_says_nothing_was_saved(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": cast.lead.email, "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html
    assert "Nothing was saved." in html


def test_a_failure_shows_our_500_page_without_a_request_context(cast, login):
    client = login(cast.lead)
    client.raise_request_exception = False
    with mock.patch("submissions.lifecycle.allowed_actions", side_effect=RuntimeError("boom")):
        response = client.get(cast.milestone.get_absolute_url())
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "boom" not in html
    assert html_problems(html) == []


def test_the_500_page_renders_from_nothing_but_the_template():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
