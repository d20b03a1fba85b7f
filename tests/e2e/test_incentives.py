"""The VBP payment estimator in a browser: a lead estimates and saves two scenarios with
JavaScript turned off, the scenarios stand side by side, and the page passes axe-core
(with its result table, chart and form) for the lead and for the coach."""

import pytest
from playwright.sync_api import expect

from incentives.models import SavedEstimate
from tests.e2e.people import click_and_wait, log_in, says

pytestmark = pytest.mark.browser


@pytest.fixture
def milestone(transactional_db, cast):
    return cast.milestone


def fill_today(page):
    page.get_by_label("Practice type").select_option(label="Adult")
    page.get_by_label("Attributed members").fill("1000")
    page.get_by_label("Maximum incentive PMPM ($)").fill("5")
    page.get_by_label("Population health PMPM ($)").fill("10")
    page.get_by_label("Healthy Places Index decile").select_option(label="Decile 3")
    for label, value in [
        ("CBP baseline", "60"),
        ("CBP current", "64"),
        ("CBP denominator", "150"),
        ("COL-E baseline", "55"),
        ("COL-E current", "65"),
        ("COL-E denominator", "200"),
        ("GSD baseline", "30"),
        ("GSD current", "24"),
        ("GSD denominator", "80"),
        ("AHU baseline", "24"),
        ("AHU current", "22"),
        ("AHU member months", "12000"),
        ("DSF-E screening baseline", "1"),
        ("DSF-E screening current", "5"),
        ("DSF-E follow-up baseline", "70"),
        ("DSF-E follow-up current", "72"),
        ("DSF-E denominator", "300"),
    ]:
        page.get_by_label(label, exact=True).fill(value)


def test_a_lead_estimates_and_compares_scenarios_without_javascript(
    open_page, cast, milestone, auditor
):
    page = open_page(javascript=False)
    log_in(page, cast.lead.email)
    page.goto(f"/milestones/{milestone.pk}/gap-analysis/")
    click_and_wait(page, page.get_by_role("link", name="Estimate VBP payments"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Estimate VBP payments")
    fill_today(page)
    click_and_wait(page, page.get_by_role("button", name="Estimate", exact=True))
    says(page, "This estimate (not saved)")
    result = page.locator("#result")
    expect(result).to_contain_text("$36,341.46")
    expect(result).to_contain_text("CBP 64 -> attainment at 67")
    # What was typed is kept for the next change.
    expect(page.get_by_label("CBP current", exact=True)).to_have_value("64")

    page.get_by_label("Scenario name (to save)").fill("Today")
    click_and_wait(page, page.get_by_role("button", name="Save as scenario"))
    says(page, "The scenario “Today” was saved.")
    page.get_by_label("Scenario name (to save)").fill("CBP and COL-E at attainment")
    page.get_by_label("CBP current", exact=True).fill("67")
    click_and_wait(page, page.get_by_role("button", name="Save as scenario"))
    compare = page.locator("#scenarios table")
    expect(compare.locator("thead")).to_contain_text("Today")
    expect(compare.locator("thead")).to_contain_text("CBP and COL-E at attainment")
    assert SavedEstimate.objects.count() == 2

    # A bad value comes back beside its field, nothing saved.
    page.get_by_label("CBP current", exact=True).fill("140")
    click_and_wait(page, page.get_by_role("button", name="Estimate", exact=True))
    expect(page.locator(".error-summary")).to_contain_text("expected at most 100")
    assert page.problems == []

    # With JavaScript on, as axe-core needs: the lead's page with a result, and the coach's.
    lead = open_page()
    log_in(lead, cast.lead.email)
    today = SavedEstimate.objects.get(name="Today")
    lead.goto(f"/milestones/{milestone.pk}/vbp-payments/?scenario={today.pk}")
    expect(lead.locator("#result")).to_contain_text("Scenario “Today”")
    auditor.look(lead, "estimator-lead")
    coach = open_page()
    log_in(coach, cast.coach.email)
    coach.goto(f"/milestones/{milestone.pk}/vbp-payments/?scenario={today.pk}")
    expect(coach.locator("#result")).to_contain_text("$36,341.46")
    expect(coach.get_by_label("Attributed members")).to_have_count(0)
    auditor.look(coach, "estimator-coach")
    auditor.assert_clean([page, lead, coach])
