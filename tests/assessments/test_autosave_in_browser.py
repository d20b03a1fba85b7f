"""With JavaScript, choosing an answer saves it at once, says so in the live status and
updates the progress counts; "Submit my answers" waits for saves still on their way."""

import shutil

import pytest
from django.urls import reverse

from assessments.models import Answer, Response

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


def test_answers_are_saved_as_they_are_chosen(transactional_db, live_server, cast, client):
    client.force_login(cast.respondent)
    session = client.cookies["sessionid"].value
    url = live_server.url + reverse("assessments:overview", args=[cast.milestone.pk])
    errors = []
    # Database work stays outside this block: Playwright runs an event loop in it.
    with playwright.sync_playwright() as p:
        try:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox"]
            )
        except Exception as error:  # noqa: BLE001 - no usable browser on this machine
            pytest.skip(f"Chromium is not available: {error}")
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        status = page.locator("#autosave-status")

        page.check('input[name="A2-value"][value="2"]')
        page.wait_for_selector("#autosave-status:has-text('Saved your answer to A2.')")
        saved_text = status.inner_text()
        progress = page.inner_text('[data-progress="A"] >> nth=0')
        overall = page.inner_text('[data-progress="all"]')

        page.fill("#id_B1-comment", "Only the CFO knows")
        page.check('input[name="B1-value"][value="dk"]')  # moving on saves the comment too
        page.wait_for_selector("#autosave-status:has-text('Saved your answer to B1.')")
        revision = page.input_value("input[name=revision]")
        with page.expect_navigation():
            page.click("button[value=save]")
        after_save = page.content()
        browser.close()

    assert errors == []
    assert saved_text == "Saved your answer to A2."
    assert (progress, overall) == ("1", "1")
    assert int(revision) >= 2
    assert "Your answers were saved." in after_save
    response = Response.objects.get(respondent=cast.respondent)
    answers = {a.item.code: (a.value, a.dont_know, a.comment) for a in response.answers.all()}
    assert answers == {"A2": (2, False, ""), "B1": (None, True, "Only the CFO knows")}
    assert Answer.objects.count() == 2
