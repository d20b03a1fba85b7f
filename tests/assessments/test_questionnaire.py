"""One's own VaPCAT questionnaire: grouped by domain, saved without JavaScript, submitted
only when complete, read-only afterwards, and no lost updates between two windows."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.instruments import instrument_load
from assessments.models import Answer, Response
from submissions.lifecycle import milestone_start
from tests.assessments.answering import (
    all_items,
    answer,
    count_queries,
    form_data,
    items_of,
    make_read_only,
    make_respondents,
    milestone_with_items,
)

V1 = Path(settings.BASE_DIR) / "fixtures" / "instruments" / "vapcat-v1.yaml"


def url(milestone):
    return reverse("assessments:overview", args=[milestone.pk])


def stored(milestone, user):
    return {
        a.item.code: ("dk" if a.dont_know else a.value, a.comment)
        for a in Answer.objects.filter(
            response__milestone=milestone, response__respondent=user
        ).select_related("item")
    }


def text(html):
    """The page's text as a person reads it: no tags, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def checked(html, code):
    """The value of the checked radio button of item ``code`` (or None)."""
    match = re.search(rf'<input [^>]*name="{code}-value" value="(\w+)"[^>]* checked', html)
    return match.group(1) if match else None


def item(html, code):
    """The markup of item ``code``'s fieldset: its answers, comment and errors."""
    match = re.search(rf'<fieldset class="([^"]*)" id="item-{code}".*?</fieldset>', html, re.S)
    return match.group(0)


def field_label(html, field_id):
    """The text of the label of the field with id ``field_id``."""
    match = re.search(rf'<label\s+for="{field_id}"[^>]*>(.*?)</label>', html, re.S)
    return text(match.group(1)).strip()


def test_questionnaire_is_grouped_by_domain_with_help_and_advanced_items_marked(cast, login):
    page = login(cast.respondent).get(url(cast.milestone)).content.decode()
    names = [
        "A · Leadership, Governance, and Legal",
        "B · Operations",
        "C · Data, Analytics, and Technology",
        "D · Financial",
        "E · Payer and Partner Relations",
    ]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Examples from the template: examples of operations." in page
    assert "<summary>Help with A1</summary>" in page and "Help for A1" in page
    assert "A4*" in page and "* most relevant to large practices or ACEs" in page
    assert "A1*" not in page
    for label in ["0 · Not in place", "1 · Minimal components in place", "2 · Partially in place"]:
        assert label in page
    assert "3 · Area of strength" in page and "Don't know" in page
    assert text(page).count("0 of 4 answered") == 5
    assert field_label(page, "id_A1-comment") == "Comment on A1 (optional)"
    assert "Save my answers" in page and "Submit my answers" in page


def test_opening_the_questionnaire_creates_nothing(cast, login):
    login(cast.respondent).get(url(cast.milestone))
    assert not Response.objects.exists()


def test_save_my_answers_without_javascript_creates_the_response(cast, login):
    client = login(cast.respondent)
    data = form_data(
        cast.milestone, {"A1": "2", "B2": "dk"}, comments={"A1": "Our CFO leads this."}
    )
    response = client.post(url(cast.milestone), data)
    assert response.status_code == 302
    assert stored(cast.milestone, cast.respondent) == {
        "A1": (2, "Our CFO leads this."),
        "B2": ("dk", ""),
    }
    page = client.get(url(cast.milestone)).content.decode()
    assert "Your answers were saved." in page
    assert checked(page, "A1") == "2" and checked(page, "B2") == "dk"
    assert checked(page, "A2") is None
    assert "Our CFO leads this." in page
    assert "2 of 20 items answered" in text(page) and "1 of 4 answered" in text(page)


def test_saving_again_changes_and_clears_answers(cast, login):
    client = login(cast.respondent)
    client.post(url(cast.milestone), form_data(cast.milestone, {"A1": "2"}, {"A2": "a note"}))
    client.post(url(cast.milestone), form_data(cast.milestone, {"A1": "3"}, revision=1))
    assert stored(cast.milestone, cast.respondent) == {"A1": (3, "")}


def test_invalid_answer_is_shown_beside_the_item_and_nothing_typed_is_lost(cast, login):
    client = login(cast.respondent)
    data = form_data(cast.milestone, {"A1": "7", "A2": "1"}, comments={"A2": "keep me"})
    data["B1-comment"] = "x" * 2001
    response = client.post(url(cast.milestone), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#item-A1" class="alert-link">A1: Choose one of the answers' in page
    too_long = "Keep the comment to 2,000 characters; it has 2,001."
    assert f'href="#id_B1-comment" class="alert-link">B1: {too_long}' in page
    a1 = html.unescape(item(page, "A1"))
    assert 'class="vapcat-item is-invalid"' in a1
    assert "Choose one of the answers: 0 to 3, or Don't know." in a1
    assert too_long in item(page, "B1") and "x" * 2001 in item(page, "B1")
    assert checked(page, "A2") == "1" and "keep me" in page
    assert not Response.objects.exists()


def test_submit_with_unanswered_items_is_refused_with_the_list(cast, login):
    client = login(cast.respondent)
    answered = {"A1": "1", "A2": "2", "A3": "dk", "A4": "0"}
    response = client.post(
        url(cast.milestone), form_data(cast.milestone, answered, action="submit")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your answers were saved, but not submitted: 16 items are not answered yet." in page
    assert "There are 16 problems" in page
    for code in ["B1", "C4", "E4"]:
        assert f'<a href="#item-{code}" class="alert-link">{code} is not answered yet' in page
        assert "Not answered yet: choose an answer" in item(page, code)
    assert "Not answered yet" not in item(page, "A1")
    assert 'href="#item-A1"' not in page
    own = Response.objects.get(respondent=cast.respondent)
    assert own.status == Response.Status.IN_PROGRESS
    assert len(stored(cast.milestone, cast.respondent)) == 4
    assert checked(page, "A3") == "dk"


def test_comment_alone_is_not_an_answer(cast, login):
    client = login(cast.respondent)
    values = all_items(cast.milestone)
    del values["C2"]
    response = client.post(
        url(cast.milestone),
        form_data(cast.milestone, values, comments={"C2": "not sure"}, action="submit"),
    )
    assert "C2 is not answered yet" in response.content.decode()


def test_submitted_answers_are_read_only(cast, login):
    client = login(cast.respondent)
    data = form_data(
        cast.milestone, all_items(cast.milestone, "2"), comments={"A1": "Board agreed in May."}
    )
    data["action"] = "submit"
    response = client.post(url(cast.milestone), data)
    assert response.status_code == 302
    own = Response.objects.get(respondent=cast.respondent)
    assert own.status == Response.Status.SUBMITTED and own.submitted_at is not None

    page = client.get(url(cast.milestone)).content.decode()
    assert "Your answers were submitted. Thank you." in page
    assert "You submitted your answers on" in page
    assert "Save my answers" not in page and 'type="radio"' not in page
    assert "<strong>2 · Partially in place</strong>" in page
    assert "Comment: Board agreed in May." in page

    client.post(url(cast.milestone), form_data(cast.milestone, {"A1": "0"}, revision=1))
    assert stored(cast.milestone, cast.respondent)["A1"] == (2, "Board agreed in May.")
    page = client.get(url(cast.milestone)).content.decode()
    assert "You have submitted your answers, so they are read-only" in page


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_read_only_milestone_shows_answers_and_saves_nothing(cast, login, status):
    answer(cast.milestone, cast.respondent, {"A1": 1}, submit=False)
    make_read_only(cast.milestone, status)
    client = login(cast.respondent)
    page = client.get(url(cast.milestone)).content.decode()
    assert "it is read-only" in page
    assert "Save my answers" not in page and 'type="radio"' not in page
    assert "<strong>1 · Minimal components in place</strong>" in page

    response = client.post(url(cast.milestone), form_data(cast.milestone, {"A1": "3"}), follow=True)
    assert "so it is read-only; nothing was saved" in response.content.decode()
    assert stored(cast.milestone, cast.respondent) == {"A1": (1, "")}


def test_lead_answers_as_one_of_the_respondents(cast, login):
    client = login(cast.lead)
    page = client.get(url(cast.milestone)).content.decode()
    assert "My answers" in page and "Respondents" in page and "Results and consensus" in page
    client.post(url(cast.milestone), form_data(cast.milestone, {"E1": "3"}))
    assert stored(cast.milestone, cast.lead) == {"E1": (3, "")}


def test_respondent_sees_no_links_to_other_pages_of_the_vapcat(cast, login):
    page = login(cast.respondent).get(url(cast.milestone)).content.decode()
    assert reverse("assessments:results", args=[cast.milestone.pk]) not in page
    assert reverse("assessments:respondents", args=[cast.milestone.pk]) not in page


def test_administrator_is_pointed_to_respondents_and_results(cast, login):
    client = login(cast.admin)
    page = client.get(url(cast.milestone)).content.decode()
    assert "Administrators do not answer the VaPCAT" in page
    assert reverse("assessments:results", args=[cast.milestone.pk]) in page
    assert 'type="radio"' not in page
    client.post(url(cast.milestone), form_data(cast.milestone, {"A1": "3"}))
    assert not Response.objects.exists()


def test_two_windows_cannot_overwrite_each_other(cast):
    first, second = Client(), Client()
    for client in (first, second):
        client.force_login(cast.respondent)
        client.get(url(cast.milestone))
    assert (
        first.post(url(cast.milestone), form_data(cast.milestone, {"A1": "1"})).status_code == 302
    )

    response = second.post(
        url(cast.milestone), form_data(cast.milestone, {"A1": "3"}, comments={"A1": "typed"})
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "saved this form after you opened it" in page
    assert checked(page, "A1") == "3" and "typed" in page  # what they typed is still there
    assert '<dt>A1</dt><dd class="text-pre">1 · Minimal components in place</dd>' in page
    assert stored(cast.milestone, cast.respondent) == {"A1": (1, "")}

    # Saving again from the refreshed form goes through.
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    data = form_data(cast.milestone, {"A1": "3"}, revision=revision)
    assert second.post(url(cast.milestone), data).status_code == 302
    assert stored(cast.milestone, cast.respondent) == {"A1": (3, "")}


def test_v1_questionnaire_shows_every_item_and_can_be_submitted(cast, login):
    instrument_load(V1)
    cast.milestone.delete()  # a practice has one VBP milestone; this one replaces it
    milestone = milestone_start(cast.practice, cast.other_cycle, cast.lead)
    items = items_of(milestone)
    client = login(cast.respondent)
    page = client.get(url(milestone)).content.decode()
    assert f"0 of {len(items)}" in text(page)
    for item in items:
        assert f'id="item-{item.code}"' in page
        assert (f"{item.code}*</span>" in page) is item.advanced
    data = form_data(milestone, all_items(milestone, "dk"), action="submit")
    assert client.post(url(milestone), data).status_code == 302
    assert Response.objects.get(milestone=milestone).status == Response.Status.SUBMITTED


# Query counts --------------------------------------------------------------------


# ... and the session's save at the end of the request (3 in a test's savepoint).
QUESTIONNAIRE_QUERIES = 8 + 3


def test_query_count_is_the_same_for_5_and_40_items(cast, login):
    counts = []
    for per_domain in (1, 8):
        milestone = milestone_with_items(cast, per_domain)
        answer(milestone, cast.respondent, [1, None, 3], submit=False, comments={"A1": "c"})
        counts.append(count_queries(login(cast.respondent), url(milestone)))
    assert counts == [QUESTIONNAIRE_QUERIES, QUESTIONNAIRE_QUERIES]


def test_query_count_is_the_same_for_1_and_8_respondents(cast, login):
    client = login(cast.lead)
    answer(cast.milestone, cast.lead, [2], submit=False)
    answer(cast.milestone, cast.respondent, [1])
    one = count_queries(client, url(cast.milestone))
    for user in make_respondents(cast.practice, 7):
        answer(cast.milestone, user, [0, 3])
    assert count_queries(client, url(cast.milestone)) == one == QUESTIONNAIRE_QUERIES
