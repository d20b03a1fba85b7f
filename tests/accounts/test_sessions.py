"""A session ends after ``SESSION_IDLE_HOURS`` (8) without a request, and logging out
ends the person's sessions in every browser, not only the one they logged out in."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

EIGHT_HOURS = 8 * 60 * 60


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def session_of(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_each_request_moves_the_idle_end_on(cast):
    assert settings.SESSION_IDLE_HOURS == 8
    client = signed_in(cast.lead)
    # Seven hours without a request: one hour left.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(hours=1)
    )
    response = client.get(cast.milestone.get_absolute_url())
    assert response.status_code == 200
    left = session_of(client).expire_date - timezone.now()
    assert timedelta(hours=7, minutes=59) < left <= timedelta(hours=8)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == EIGHT_HOURS


def test_a_session_idle_for_longer_is_over(cast):
    client = signed_in(cast.lead)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(cast.milestone.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logging_out_ends_the_sessions_in_every_browser(cast):
    laptop, phone, coach = signed_in(cast.lead), signed_in(cast.lead), signed_in(cast.coach)
    url = cast.milestone.get_absolute_url()
    assert phone.get(url).status_code == 200

    assert laptop.post(reverse("logout")).status_code == 302

    response = phone.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()
    # Someone else's session goes on.
    assert coach.get(url).status_code == 200
    # Logging in again works as before.
    assert signed_in(cast.lead).get(url).status_code == 200
