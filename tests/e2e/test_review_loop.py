"""The whole review loop, in Chromium: the coach comments on the VaPCAT, every gap row,
every capability's plan, the risks and the process summary, and requests changes; the
lead edits one field on each of those pages, saves it, marks each comment addressed
there, and resubmits. What was typed is stored, everything else of the milestone is as
it was, and every comment is addressed."""

import copy

import pytest
from playwright.sync_api import expect

from submissions.models import MilestoneSubmission, ReviewComment, Snapshot
from submissions.snapshot import milestone_content
from tests import factories
from tests.e2e.people import click_and_wait, follow, log_in, says

pytestmark = pytest.mark.browser

POSITIONS = (1, 2, 3)
CONSENSUS_ITEM = "A1"


def commented_sections(milestone):
    """(section key, the review page's element holding it) for every section commented."""
    codes = list(milestone.instrument.domains.values_list("code", flat=True))
    return [
        ("vapcat", "#section-vapcat"),
        *((f"gap:{code}", f"#section-gap-{code}") for code in codes),
        *((f"plan:{n}", f"#section-plan-{n}") for n in POSITIONS),
        ("risks", "#section-risks"),
        ("process", "#section-process"),
    ]


def comment_text(key):
    return f"Please say more about {key}."


def coach_comments_and_requests_changes(page, milestone):
    page.goto(f"/milestones/{milestone.pk}/review/")
    for key, where in commented_sections(milestone):
        follow(page.locator(where), "Comment on this section")
        expect(page.get_by_label("Section")).to_have_value(key)
        page.get_by_label("Comment*", exact=True).fill(comment_text(key))
        click_and_wait(page, page.get_by_role("button", name="Add the comment"))
        says(page, "Your comment was added.")
    click_and_wait(page, page.get_by_role("button", name="Request changes"))
    says(page, "Changes were requested; the practice has been told.")


def mark_every_comment_addressed(page, count):
    """Press the page's "Mark as addressed" buttons one by one (each answers with the
    page again); ``count`` comments are open on it."""
    comments = page.get_by_role("complementary", name="Coach's comments")
    buttons = page.get_by_role("button", name="Mark as addressed")
    expect(buttons).to_have_count(count)
    for left in range(count, 0, -1):
        click_and_wait(page, buttons.first)
        says(page, "The comment is marked as addressed.")
        expect(buttons).to_have_count(left - 1)
    expect(comments.first).to_contain_text("addressed by Lena Lead")


def test_the_lead_answers_every_comment_and_resubmits(submitted, open_page):
    milestone = submitted
    pk = milestone.pk
    codes = list(milestone.instrument.domains.values_list("code", flat=True))
    before = Snapshot.objects.get(milestone=milestone, version=1).content

    coach = open_page()
    log_in(coach, "coach@program.test")
    coach_comments_and_requests_changes(coach, milestone)
    sections = [key for key, _ in commented_sections(milestone)]
    assert sorted(
        ReviewComment.objects.filter(milestone=milestone, addressed_at=None).values_list(
            "section", flat=True
        )
    ) == sorted(sections)

    lead = open_page()
    log_in(lead, "lead@alder.test")
    typed = {}

    # The VaPCAT: a note on one item's consensus, keeping the score it has.
    default = next(
        item["score"]
        for domain in before["vapcat"]["domains"]
        for item in domain["items"]
        if item["code"] == CONSENSUS_ITEM
    )
    lead.goto(f"/milestones/{pk}/vapcat/results/")
    expect(lead.get_by_role("complementary", name="Coach's comments")).to_contain_text(
        comment_text("vapcat")
    )
    row = lead.locator(f"#item-{CONSENSUS_ITEM}")
    row.get_by_text(f"Change the consensus for {CONSENSUS_ITEM}").click()
    row.get_by_label(f"Consensus score for {CONSENSUS_ITEM}").select_option(str(default))
    typed["consensus note"] = "Agreed at the May leadership meeting."
    row.get_by_label("Note: why the practice settled on this score").fill(typed["consensus note"])
    click_and_wait(lead, row.get_by_role("button", name=f"Save the consensus for {CONSENSUS_ITEM}"))
    says(lead, f"The consensus score of {CONSENSUS_ITEM} is now {default}.")
    mark_every_comment_addressed(lead, 1)

    # The gap analysis: one row's current state.
    lead.goto(f"/milestones/{pk}/gap-analysis/")
    typed["gap current state"] = "Intake and referral workflows are documented."
    lead.locator("#row-B").get_by_label(
        "Current state (brief description of existing capabilities)"
    ).fill(typed["gap current state"])
    click_and_wait(lead, lead.get_by_role("button", name="Save", exact=True))
    says(lead, "Your gap analysis was saved.")
    mark_every_comment_addressed(lead, len(codes))

    # Each capability's plan: its goals.
    for position in POSITIONS:
        lead.goto(f"/milestones/{pk}/action-plan/capabilities/{position}/")
        expect(lead.get_by_role("complementary", name="Coach's comments")).to_contain_text(
            comment_text(f"plan:{position}")
        )
        typed[f"goals {position}"] = f"Reach every patient of panel {position} by 2027."
        lead.get_by_label("Goals", exact=True).fill(typed[f"goals {position}"])
        click_and_wait(lead, lead.get_by_role("button", name="Save draft").first)
        says(lead, f"Capability {position}'s action plan was saved.")
        mark_every_comment_addressed(lead, 1)

    # The risks: why the first one is likely.
    lead.goto(f"/milestones/{pk}/action-plan/risks/")
    typed["why likely"] = "Two of our three billers retire this year."
    lead.locator("#risk-1").get_by_label("Why it is likely").fill(typed["why likely"])
    click_and_wait(lead, lead.get_by_role("button", name="Save draft").first)
    says(lead, "The risks and mitigations were saved.")
    mark_every_comment_addressed(lead, 1)

    # The process summary: its overview.
    lead.goto(f"/milestones/{pk}/action-plan/")
    typed["overview"] = "Four planning sessions with the whole leadership team."
    lead.get_by_label("(a) Overview of activities and approach").fill(typed["overview"])
    click_and_wait(lead, lead.get_by_role("button", name="Save draft"))
    says(lead, "The process summary was saved.")
    mark_every_comment_addressed(lead, 1)

    assert not ReviewComment.objects.filter(milestone=milestone, addressed_at=None).exists()

    lead.goto(f"/milestones/{pk}/submit/")
    lead.get_by_label("I confirm that the content of this milestone is accurate").check()
    lead.get_by_label("Your password (as your electronic signature)").fill(factories.PASSWORD)
    click_and_wait(lead, lead.get_by_role("button", name="Sign and submit version 2"))
    says(lead, "Version 2 was submitted. Your coach has been told.")

    milestone.refresh_from_db()
    assert milestone.status == MilestoneSubmission.Status.SUBMITTED
    assert milestone.version == 2
    after = Snapshot.objects.get(milestone=milestone, version=2).content
    assert _without_attestation(after) == _without_attestation(expected_after(before, typed))
    assert _without_attestation(milestone_content(milestone)) == _without_attestation(after)
    comments = ReviewComment.objects.filter(milestone=milestone)
    assert comments.count() == len(sections)
    assert all(c.addressed_at is not None and c.addressed_by_id for c in comments)
    assert set(comments.values_list("addressed_by__email", flat=True)) == {"lead@alder.test"}
    assert coach.problems == [] and lead.problems == []


def expected_after(before, typed):
    """``before`` with what the lead typed, and nothing else, changed (and the version)."""
    expected = copy.deepcopy(before)
    expected["milestone"]["version"] = 2
    for domain in expected["vapcat"]["domains"]:
        for item in domain["items"]:
            if item["code"] == CONSENSUS_ITEM:
                item["overridden"] = True
                item["note"] = typed["consensus note"]
    rows = {row["code"]: row for row in expected["gap_analysis"]["rows"]}
    rows["B"]["current_state"] = typed["gap current state"]
    for plan in expected["action_plan"]["plans"]:
        plan["goals"] = typed[f"goals {plan['position']}"]
    risks = {risk["position"]: risk for risk in expected["action_plan"]["risks"]}
    risks[1]["why_likely"] = typed["why likely"]
    expected["action_plan"]["process"]["overview"] = typed["overview"]
    return expected


def _without_attestation(content):
    return {key: value for key, value in content.items() if key != "attestation"}
