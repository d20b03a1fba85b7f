"""With JavaScript, choosing an answer saves it at once, says so in the live status and
updates the progress counts; "Submit my answers" waits for saves still on their way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Answer, Response
from tests.e2e.people import log_in

pytestmark = pytest.mark.browser


def test_answers_are_saved_as_they_are_chosen(open_page, cast):
    page = open_page()
    log_in(page, cast.respondent.email)
    page.goto(reverse("assessments:overview", args=[cast.milestone.pk]))
    status = page.locator("#autosave-status")

    page.check('input[name="A2-value"][value="2"]')
    expect(status).to_have_text("Saved your answer to A2.")
    assert page.inner_text('[data-progress="A"] >> nth=0') == "1"
    assert page.inner_text('[data-progress="all"]') == "1"

    page.fill("#id_B1-comment", "Only the CFO knows")
    page.check('input[name="B1-value"][value="dk"]')  # moving on saves the comment too
    expect(status).to_have_text("Saved your answer to B1.")
    assert int(page.input_value("input[name=revision]")) >= 2
    with page.expect_navigation():
        page.click("button[value=save]")
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    assert page.problems == []

    response = Response.objects.get(respondent=cast.respondent)
    answers = {a.item.code: (a.value, a.dont_know, a.comment) for a in response.answers.all()}
    assert answers == {"A2": (2, False, ""), "B1": (None, True, "Only the CFO knows")}
    assert Answer.objects.count() == 2
