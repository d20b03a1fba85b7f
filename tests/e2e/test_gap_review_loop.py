"""The review loop on the gap analysis, in Chromium: the coach comments on one domain's
row and requests changes; the lead edits that row, saves, marks the comment addressed
and resubmits; every row keeps what it held. A browser closes a ``<form>`` at the first
``</form>``, so a comment's own form inside the gap-analysis form would lose the edits
(the test client cannot see that)."""

import pytest
from playwright.sync_api import expect

from gap_analysis.models import DomainRating
from submissions.models import MilestoneSubmission
from tests import factories
from tests.e2e.people import click_and_wait, follow, log_in, says

pytestmark = pytest.mark.browser


def stored_rows(milestone):
    return {
        r.domain.code: (r.current_state, r.maturity, r.gaps, r.priority, r.rationale)
        for r in DomainRating.objects.filter(milestone=milestone).select_related("domain")
    }


def test_a_comment_on_a_gap_row_keeps_the_whole_form_working(submitted, open_page):
    before = stored_rows(submitted)

    coach = open_page()
    log_in(coach, "coach@program.test")
    coach.goto(f"/milestones/{submitted.pk}/review/")
    follow(coach.locator("#section-gap-B"), "Comment on this section")
    coach.get_by_label("Comment*", exact=True).fill("Say which workflows are documented.")
    click_and_wait(coach, coach.get_by_role("button", name="Add the comment"))
    says(coach, "Your comment was added.")
    click_and_wait(coach, coach.get_by_role("button", name="Request changes"))
    says(coach, "Changes were requested; the practice has been told.")

    lead = open_page()
    log_in(lead, "lead@alder.test")
    lead.goto(f"/milestones/{submitted.pk}/gap-analysis/")
    comments = lead.get_by_role("complementary", name="Coach's comments")
    expect(comments).to_contain_text("Say which workflows are documented.")
    row = lead.locator("#row-B")
    row.get_by_label("Current state (brief description of existing capabilities)").fill(
        "Intake and referral workflows are documented; care management is not."
    )
    click_and_wait(lead, lead.get_by_role("button", name="Save", exact=True))
    says(lead, "Your gap analysis was saved.")

    after = stored_rows(submitted)
    assert after["B"][0] == "Intake and referral workflows are documented; care management is not."
    assert {code: row for code, row in after.items() if code != "B"} == {
        code: row for code, row in before.items() if code != "B"
    }
    assert after["B"][1:] == before["B"][1:]

    comments = lead.get_by_role("complementary", name="Coach's comments")
    click_and_wait(lead, comments.get_by_role("button", name="Mark as addressed"))
    says(lead, "The comment is marked as addressed.")
    assert stored_rows(submitted) == after

    lead.goto(f"/milestones/{submitted.pk}/submit/")
    lead.get_by_label("I confirm that the content of this milestone is accurate").check()
    lead.get_by_label("Your password (as your electronic signature)").fill(factories.PASSWORD)
    click_and_wait(lead, lead.get_by_role("button", name="Sign and submit version 2"))
    says(lead, "Version 2 was submitted. Your coach has been told.")

    coach.goto(f"/milestones/{submitted.pk}/review/")
    changes = coach.get_by_role("region", name="What changed since version 1")
    expect(changes).to_contain_text("care management is not")
    click_and_wait(coach, coach.get_by_role("button", name="Accept version 2"))
    says(coach, "The milestone was accepted.")
    submitted.refresh_from_db()
    assert submitted.status == MilestoneSubmission.Status.ACCEPTED
    assert coach.problems == [] and lead.problems == []
