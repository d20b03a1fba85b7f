"""Answers saved as one goes: the autosave endpoint the questionnaire's script posts to."""

import pytest
from django.urls import reverse

from assessments.models import Answer, Response
from tests.assessments.answering import answer, form_data, make_read_only


def autosave_url(milestone):
    return reverse("assessments:autosave", args=[milestone.pk])


def autosave(client, milestone, code, value="", comment=""):
    data = {"item": code, f"{code}-value": value, f"{code}-comment": comment}
    return client.post(autosave_url(milestone), data)


def test_questionnaire_page_loads_the_autosave_script_and_a_live_status(cast, login):
    page = login(cast.respondent).get(reverse("assessments:overview", args=[cast.milestone.pk]))
    html = page.content.decode()
    assert f'data-autosave-url="{autosave_url(cast.milestone)}"' in html
    assert 'src="/static/js/vapcat.js"' in html
    assert 'id="autosave-status" role="status" aria-live="polite"' in html
    assert "<script>" not in html and "style=" not in html


def test_autosave_saves_one_item_and_returns_the_new_revision(cast, login):
    client = login(cast.respondent)
    response = autosave(client, cast.milestone, "B3", "2", "Care managers in place.")
    assert response.status_code == 200
    assert response.json() == {"item": "B3", "saved": True, "revision": 1}
    saved = Answer.objects.get(response__respondent=cast.respondent)
    assert (saved.item.code, saved.value, saved.dont_know, saved.comment) == (
        "B3",
        2,
        False,
        "Care managers in place.",
    )
    assert autosave(client, cast.milestone, "B3", "dk").json()["revision"] == 2
    saved.refresh_from_db()
    assert (saved.value, saved.dont_know, saved.comment) == (None, True, "")


def test_autosave_refuses_an_invalid_value(cast, login):
    response = autosave(login(cast.respondent), cast.milestone, "A1", "9")
    assert response.status_code == 400
    assert response.json()["error"] == "A1: Choose one of the answers: 0 to 3, or Don't know."
    assert not Answer.objects.exists()


def test_autosave_refuses_an_item_of_another_instrument(cast, login):
    response = autosave(login(cast.respondent), cast.milestone, "Z9", "1")
    assert response.status_code == 400
    assert "There is no item “Z9”" in response.json()["error"]


def test_autosave_after_submitting_is_refused(cast, login):
    answer(cast.milestone, cast.respondent, [1])
    response = autosave(login(cast.respondent), cast.milestone, "A1", "3")
    assert response.status_code == 409
    assert "You have submitted your answers" in response.json()["error"]
    assert Answer.objects.get(item__code="A1").value == 1


def test_autosave_on_a_read_only_milestone_is_refused(cast, login):
    make_read_only(cast.milestone)
    response = autosave(login(cast.respondent), cast.milestone, "A1", "3")
    assert response.status_code == 409
    assert "read-only; nothing was saved" in response.json()["error"]
    assert not Response.objects.exists()


@pytest.mark.parametrize("role", ["admin", "coach", "other_lead"])
def test_only_people_who_answer_may_autosave(cast, login, role):
    response = autosave(login(cast.by_role(role)), cast.milestone, "A1", "3")
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_save_my_answers_after_autosaves_in_the_same_window_goes_through(cast, login):
    client = login(cast.respondent)
    revision = autosave(client, cast.milestone, "A1", "1").json()["revision"]
    revision = autosave(client, cast.milestone, "A2", "2").json()["revision"]
    data = form_data(cast.milestone, {"A1": "1", "A2": "2", "A3": "3"}, revision=revision)
    assert (
        client.post(reverse("assessments:overview", args=[cast.milestone.pk]), data).status_code
        == 302
    )
    assert Answer.objects.filter(response__respondent=cast.respondent).count() == 3


def test_a_stale_window_cannot_overwrite_autosaved_answers(cast, login):
    client = login(cast.respondent)
    autosave(client, cast.milestone, "A1", "3")
    data = form_data(cast.milestone, {"A1": "0"}, revision=0)
    response = client.post(reverse("assessments:overview", args=[cast.milestone.pk]), data)
    assert response.status_code == 409
    assert Answer.objects.get(item__code="A1").value == 3
