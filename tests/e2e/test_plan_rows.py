"""With JavaScript, "Add another …" adds the row in place (cloned from the formset's
<template>) and a row ticked for removal is dimmed; the save then stores both."""

import pytest
from playwright.sync_api import expect

from action_plans.models import Activity
from tests.action_plans.conftest import capability_url, make_capability, make_plan
from tests.e2e.people import log_in

pytestmark = pytest.mark.browser


def test_javascript_adds_an_activity_in_place(open_page, cast):
    capability = make_capability(cast.milestone)
    make_plan(capability)
    page = open_page()
    log_in(page, cast.lead.email)
    page.goto(capability_url(capability))
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
    with page.expect_navigation():
        page.click("button[name=save] >> nth=0")
    expect(page.get_by_text("Capability 2's action plan was saved.")).to_be_visible()
    assert page.problems == []
    assert sorted(Activity.objects.values_list("description", flat=True)) == [
        "Activity 2",
        "Activity 3",
        "Added in place",
    ]
