"""CSRF is enforced on every form: without the token a POST is refused (403) and stores
nothing; with the token the page gave, the same POST works."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from tests.fuzz.forms import FORMS
from tests.fuzz.harness import fingerprint, is_refused, open_form, send, signed_in_client


def _example(form, html_form, world):
    post = html_form.loaded() if form.custom is None else {}
    return form.example(post, world) if form.example else post


@pytest.mark.parametrize("name", sorted(FORMS))
def test_post_without_csrf_token_is_refused_and_with_it_works(world, name):
    form = FORMS[name]
    with transaction.atomic():
        client = signed_in_client(world, form.loaded_as, enforce_csrf_checks=True)
        html_form, action = open_form(world, form, client)
        post = _example(form, html_form, world)
        mail.outbox.clear()
        before = fingerprint()

        forged = send(client, action, post)
        assert forged.status_code == 403, f"{name}: {forged.status_code} without a CSRF token"
        assert fingerprint() == before, f"{name}: stored something without a CSRF token"

        genuine = send(client, action, {**post, "csrfmiddlewaretoken": html_form.token})
        assert genuine.status_code in (200, 302), f"{name}: {genuine.status_code} with the token"
        messages = [(m.level, str(m)) for m in genuine.wsgi_request._messages]
        assert not is_refused(genuine, messages), f"{name}: refused with the token: {messages}"
        if form.stores:
            assert fingerprint() != before, f"{name}: stored nothing with the token"
        transaction.set_rollback(True)


def test_a_token_from_another_session_is_refused(world):
    """A token only works with the cookie it came with: one lifted from another browser
    (here another practice's lead) is refused."""
    form = FORMS["action_plans:process"]
    with transaction.atomic():
        attacker = signed_in_client(world, "other_lead", enforce_csrf_checks=True)
        attacker.get(reverse("action_plans:process", args=[world.cast.other_milestone.pk]))
        victim = signed_in_client(world, "lead", enforce_csrf_checks=True)
        html_form, action = open_form(world, form, victim)
        before = fingerprint()
        post = {**html_form.loaded(), "csrfmiddlewaretoken": attacker.cookies["csrftoken"].value}
        post["overview"] = "Forged overview"
        assert send(victim, action, post).status_code == 403
        assert fingerprint() == before
        transaction.set_rollback(True)
