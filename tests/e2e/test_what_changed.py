"""'What changed' in Chromium: after a second indicator is added and a goal extended, the
coach's review of version 2 lists the new indicator alone and marks only the new words,
which a screen reader announces as added; the page passes axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from action_plans.models import ActionPlan
from submissions import lifecycle, review
from tests.e2e.people import log_in
from tests.factories import add_care_plan_indicator

pytestmark = pytest.mark.browser


def test_the_coach_sees_the_added_indicator_and_the_new_words(submitted, open_page, auditor):
    coach = User.objects.get(email="coach@program.test")
    review.comment_add(submitted, coach, "plan:1", "Add an indicator of care plans.")
    lifecycle.milestone_request_changes(submitted, coach)
    plan = ActionPlan.objects.get(capability__milestone=submitted, capability__position=1)
    add_care_plan_indicator(plan)
    plan.goals = "Goals 1 text, reviewed monthly by the board."
    plan.save()
    submitted.refresh_from_db()
    lifecycle.milestone_submit(submitted, User.objects.get(email="lead@alder.test"))

    page = open_page()
    log_in(page, "coach@program.test")
    page.goto(f"/milestones/{submitted.pk}/review/")
    changes = page.get_by_role("region", name="What changed since version 1")
    table = changes.get_by_role("table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("rowheader")).to_have_text(
        "C · Capability 1 · Goals", use_inner_text=True
    )
    expect(rows.nth(1).get_by_role("rowheader")).to_have_text(
        "C · Capability 1 · Indicator 2 (row added)", use_inner_text=True
    )
    expect(table).not_to_contain_text("Indicator 1")
    added = rows.nth(0).locator("ins")
    expect(added).to_have_count(1)
    expect(added).to_have_text("added: , reviewed monthly by the board.")
    expect(added.locator(".visually-hidden")).to_have_text("added:", use_inner_text=False)
    auditor.look(page, "review-what-changed")
    auditor.assert_clean()
    assert page.problems == []
