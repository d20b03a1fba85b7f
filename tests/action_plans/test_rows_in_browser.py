"""With JavaScript, "Add another …" adds the row in place (cloned from the formset's
<template>) and a row ticked for removal is dimmed; the save then stores both."""

import shutil

import pytest

from action_plans.models import Activity
from tests.action_plans.conftest import capability_url, make_plan

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


def test_javascript_adds_an_activity_in_place(
    transactional_db, live_server, cast, capability, client
):
    make_plan(capability)
    client.force_login(cast.lead)
    session = client.cookies["sessionid"].value
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
        page.goto(live_server.url + capability_url(capability))
        rows = page.locator("#activities-rows .formset-row")
        assert rows.count() == 4

        page.evaluate("window.notReloaded = true")
        page.click("button[data-add-row=activities]")
        assert page.evaluate("window.notReloaded === true")  # added in place
        assert rows.count() == 5
        assert page.input_value("#id_activities-TOTAL_FORMS") == "5"
        assert page.inner_text("#activities-4 [data-row-number]") == "5"
        assert page.evaluate("document.activeElement.id") == "id_activities-4-description"

        page.fill("#id_activities-4-description", "Added in place")
        page.select_option("#id_activities-4-target_month", "4")
        page.fill("#id_activities-4-target_year", "2026")
        page.check("#id_activities-0-DELETE")
        assert "is-removed" in page.get_attribute("#activities-0", "class")
        page.click("button[name=save] >> nth=0")
        page.wait_for_load_state()
        saved = "action plan was saved" in page.content()
        browser.close()
    assert saved
    assert errors == []
    assert sorted(Activity.objects.values_list("description", flat=True)) == [
        "Activity 2",
        "Activity 3",
        "Added in place",
    ]
