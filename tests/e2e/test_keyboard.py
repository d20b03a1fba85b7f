"""With the keyboard alone: a form is completed with Tab, typing and Space; after a failed
save the error summary takes focus and each of its links leads to the field to fix."""

import pytest
from playwright.sync_api import expect

from action_plans.models import Activity, ProcessSummary
from gap_analysis.models import Capability
from tests.e2e.people import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

ACTIVE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, tag: el.tagName.toLowerCase(), text: (el.innerText || "").trim().slice(0, 40),
    classes: el.className,
    label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : "",
    visible: style.outlineStyle !== "none" || style.boxShadow !== "none",
  };
}"""


def tab_to(page, label, limit=60):
    """Press Tab until the field labelled ``label`` has focus; every stop on the way must
    show where the focus is. Returns the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        assert active["visible"], f"no visible focus on {active}"
        if active["label"] == label:
            return presses
    raise AssertionError(f"{label!r} was not reached with {limit} presses of Tab")


def test_the_process_summary_is_completed_with_the_keyboard_alone(open_page, cast):
    page = open_page()
    page.goto("/login/")
    page.keyboard.type(cast.lead.email)  # the e-mail field has the focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"/milestones/{cast.milestone.pk}/action-plan/")

    tab_to(page, "(a) Overview of activities and approach")
    page.keyboard.type("Three leadership meetings built this plan.")
    page.keyboard.press("Tab")
    page.keyboard.type("The medical director and the office manager.")
    page.keyboard.press("Tab")
    page.keyboard.type("It follows our population health work.")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["text"] == "Save draft"
    with page.expect_navigation():
        page.keyboard.press("Space")

    expect(page.locator("main")).to_contain_text("The process summary was saved.")
    assert page.problems == []
    summary = ProcessSummary.objects.get(milestone=cast.milestone)
    assert (summary.overview, summary.people_involved, summary.alignment) == (
        "Three leadership meetings built this plan.",
        "The medical director and the office manager.",
        "It follows our population health work.",
    )


def test_after_a_failed_save_the_error_summary_takes_focus_and_links_to_the_fields(
    open_page, auditor, cast
):
    Capability.objects.create(
        milestone=cast.milestone,
        position=1,
        domain=cast.instrument.domains.get(code="C"),
        name="Monthly care-gap reports",
        delivery=Capability.Delivery.INTERNAL,
    )
    page = open_page()
    log_in(page, cast.lead.email)
    page.goto(f"/milestones/{cast.milestone.pk}/action-plan/capabilities/1/")
    row = page.locator("#activities-0")
    row.get_by_label("Description").fill("Choose the report's measures")
    row.get_by_label("Target year").fill("2019")
    page.locator("#indicators-0").get_by_label("Indicator", exact=True).fill("Screening rate")
    page.locator("#indicators-0").get_by_label("Target (numeric)", exact=True).fill("about ninety")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").first.click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    expect(summary).to_contain_text("There are 2 problems")
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "Capability 1, activity 1: choose a month between January 2025 and May 2031",
            "Capability 1, indicator 1: enter the target as a number, such as 90 or 12.5",
        ]
    )
    auditor.look(page, "action-plan-errors")

    # Each link leads to its field: follow the second one with the keyboard.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_indicators-0-target")).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("90")
    assert not Activity.objects.exists()
    auditor.assert_clean(pages=[page])
