"""The action-plan page with JavaScript turned off: "Add another activity" asks the server
for one more row (keeping what was typed), a bad target month comes back with its message
and nothing saved, and the corrected plan saves."""

import pytest
from playwright.sync_api import expect

from action_plans.models import Activity
from gap_analysis.models import Capability
from tests.e2e.people import click_and_wait, log_in, says

pytestmark = pytest.mark.browser


@pytest.fixture
def capability(transactional_db, cast):
    return Capability.objects.create(
        milestone=cast.milestone,
        position=1,
        domain=cast.instrument.domains.get(code="C"),
        name="Monthly care-gap reports",
        delivery=Capability.Delivery.INTERNAL,
    )


def test_a_row_is_added_and_errors_are_shown_without_javascript(open_page, cast, capability):
    page = open_page(javascript=False)
    log_in(page, cast.lead.email)
    page.goto(f"/milestones/{cast.milestone.pk}/action-plan/capabilities/1/")
    page.get_by_label("Goals").fill("See every patient's care gaps each month.")
    first = page.locator("#activities-0")
    first.get_by_label("Description").fill("Choose the report's measures")
    first.get_by_label("Target month").select_option(label="March")
    first.get_by_label("Target year").fill("2026")
    second = page.locator("#activities-1")
    second.get_by_label("Description").fill("Build the report")
    second.get_by_label("Target month").select_option(label="June")
    second.get_by_label("Target year").fill("2019")
    expect(page.locator("#activities-rows .formset-row")).to_have_count(3)

    click_and_wait(page, page.get_by_role("button", name="Add another activity"))
    says(page, "A row was added below. Nothing is saved until you press “Save draft”.")
    expect(page.locator("#activities-rows .formset-row")).to_have_count(4)
    # What was typed came back with the new row.
    expect(page.get_by_label("Goals")).to_have_value("See every patient's care gaps each month.")
    expect(second.get_by_label("Target year")).to_have_value("2019")
    added = page.locator("#activities-3")
    added.get_by_label("Description").fill("Share it with each care team")
    added.get_by_label("Target month").select_option(label="September")
    added.get_by_label("Target year").fill("2026")

    click_and_wait(page, page.get_by_role("button", name="Save draft").first)
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(
        "Capability 1, activity 2: choose a month between January 2025 and May 2031"
    )
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_activities-1-target_month")
    expect(page.locator("#id_activities-1-target_month_error")).to_have_text(
        "Choose a month between January 2025 and May 2031"
    )
    expect(added.get_by_label("Description")).to_have_value("Share it with each care team")
    assert not Activity.objects.exists()

    second.get_by_label("Target year").fill("2026")
    click_and_wait(page, page.get_by_role("button", name="Save draft").first)
    says(page, "Capability 1's action plan was saved.")
    assert page.problems == []
    assert list(
        Activity.objects.order_by("target_year", "target_month").values_list(
            "description", flat=True
        )
    ) == ["Choose the report's measures", "Build the report", "Share it with each care team"]
