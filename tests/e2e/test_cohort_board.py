"""The cohort board in a browser: an administrator filters and sorts it with JavaScript
off, a coach sees their practices only, and the page passes axe-core at 1280 and 390 px."""

import pytest
from playwright.sync_api import expect

from cohort.standing import standing_refresh
from submissions.models import MilestoneSubmission
from tests.e2e.people import click_and_wait, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def board(transactional_db, cast):
    MilestoneSubmission.objects.filter(pk=cast.other_milestone.pk).update(
        status="submitted", version=1
    )
    for milestone in MilestoneSubmission.objects.all():
        standing_refresh(milestone)
    return cast


def test_an_administrator_filters_and_sorts_without_javascript(open_page, board, auditor):
    page = open_page(javascript=False)
    log_in(page, board.admin.email)
    page.goto(f"/cohort/?cycle={board.cycle.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohort board: May 2026")
    rows = page.locator("table.cohort-board tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_label("Status", exact=True).select_option(label="Submitted")
    click_and_wait(page, page.get_by_role("button", name="Filter"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Birch Community Health")
    click_and_wait(page, page.get_by_role("link", name="Clear"))
    click_and_wait(page, page.get_by_role("link", name="Practice", exact=True))
    click_and_wait(page, page.get_by_role("link", name="Practice", exact=True))
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Practice")
    expect(rows.first).to_contain_text("Birch Community Health")
    link = rows.first.get_by_role("link", name="Birch Community Health")
    expect(link).to_have_attribute("href", f"/milestones/{board.other_milestone.pk}/review/")
    assert page.problems == []


def test_the_board_passes_axe_for_an_administrator_and_a_coach(open_page, board, auditor):
    admin = open_page()
    log_in(admin, board.admin.email)
    admin.goto(f"/cohort/?cycle={board.cycle.pk}")
    auditor.look(admin, "cohort-board-admin")
    coach = open_page()
    log_in(coach, board.coach.email)
    coach.goto(f"/cohort/?cycle={board.cycle.pk}")
    expect(coach.locator("table.cohort-board tbody tr")).to_have_count(1)
    expect(coach.locator("table.cohort-board")).not_to_contain_text("Birch")
    auditor.look(coach, "cohort-board-coach")
    auditor.assert_clean([admin, coach])
