"""The completeness check in Chromium: "Check and submit" opens it while rules are unmet;
it lists them all by part, each link opening the field that fixes it; the milestone page
links the first few of each part and "See all" to the check; once the milestone is
complete the check offers the submit form. A wrong address shows our 404 page."""

import pytest
from playwright.sync_api import expect

from submissions.completeness import parts
from tests import factories
from tests.e2e.people import follow, log_in, says

pytestmark = pytest.mark.browser


def test_the_check_is_open_with_every_unmet_rule_a_link(open_page, cast, auditor):
    task_parts = parts(cast.milestone)
    unmet = sum(len(part.problems) for part in task_parts)
    gap = next(part for part in task_parts if part.key == "gap_analysis")
    page = open_page()
    log_in(page, cast.lead.email)
    page.goto(cast.milestone.get_absolute_url())
    tasks = page.get_by_role("region", name="Tasks")
    # Part B's first five rules are links; the rest are one click away on the check.
    tasks.get_by_text(f"{len(gap.problems)} rules still to meet").click()
    for problem in gap.problems[:5]:
        expect(tasks.get_by_role("link", name=problem.message, exact=True)).to_be_visible()
    expect(tasks.get_by_role("link", name=gap.problems[5].message, exact=True)).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("more")
    auditor.look(page, "milestone-unmet-rules")

    check = page.get_by_role("link", name="Check and submit")
    expect(check).to_be_enabled()
    expect(check).not_to_have_attribute("aria-disabled", "true")
    follow(page, "Check and submit")
    says(page, f"{unmet} rules are still unmet.")
    not_yet = "The milestone cannot be submitted yet"
    summary = page.get_by_role("region", name=not_yet)
    expect(summary.get_by_role("link")).to_have_count(unmet)
    for part in task_parts:
        title = f"Part {part.letter} · {part.title}"
        expect(summary.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_role("button", name="Sign and submit version 1")).to_have_count(0)
    auditor.look(page, "check-unmet-rules")

    # A rule's link opens the field that fixes it.
    follow(summary, gap.problems[0].message)
    assert page.url.endswith(gap.problems[0].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Part B · Gap analysis")

    # "See all" on the milestone page leads to the part on the check.
    page.goto(cast.milestone.get_absolute_url())
    tasks.get_by_text(f"{len(gap.problems)} rules still to meet").click()
    follow(tasks, f"See all {len(gap.problems)} unmet rules of part B")
    assert page.url.endswith("/submit/#part-gap_analysis")
    expect(page.locator("#part-gap_analysis")).to_be_in_viewport()

    factories.complete_milestone(cast.milestone, cast.respondent)
    page.reload()
    expect(page.get_by_role("region", name=not_yet)).to_have_count(0)
    expect(page.get_by_role("button", name="Sign and submit version 1")).to_be_visible()
    auditor.assert_clean([page])


def test_a_wrong_address_shows_our_page_in_production(open_page, cast, auditor, settings):
    settings.DEBUG = False
    page = open_page()
    log_in(page, cast.lead.email)
    response = page.goto("/milestones/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This page does not exist")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    auditor.look(page, "not-found")
    follow(page, "Go to your start page")
    page.problems = [p for p in page.problems if "/milestones/999999/" not in p]
    auditor.assert_clean([page])
