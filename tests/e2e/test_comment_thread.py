"""A conversation under a review comment, in Chromium: the coach comments on the process
summary and requests changes; the lead replies from the review page; the coach finds
the unread reply in the review queue and answers it; the lead marks the comment
addressed. Every page of it is checked by axe, and the thread is kept as a screenshot."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from submissions.models import CommentReply, Notice, ReviewComment
from tests.e2e.people import click_and_wait, follow, log_in, says

pytestmark = pytest.mark.browser

QUESTION = "Row C lists the billing staff already: is that enough, or do you need names?"
ANSWER = "Roles are enough; add who leads each session."
COMMENT = "Say who in the practice took part in the planning."


def thread(page, comment):
    return page.locator(f"#comment-{comment.pk}")


def test_coach_and_lead_talk_under_a_comment(submitted, open_page, auditor):
    milestone = submitted
    pk = milestone.pk

    coach = open_page()
    log_in(coach, "coach@program.test")
    coach.goto(f"/milestones/{pk}/review/")
    follow(coach.locator("#section-process"), "Comment on this section")
    coach.get_by_label("Comment*", exact=True).fill(COMMENT)
    click_and_wait(coach, coach.get_by_role("button", name="Add the comment"))
    says(coach, "Your comment was added.")
    click_and_wait(coach, coach.get_by_role("button", name="Request changes"))
    says(coach, "Changes were requested; the practice has been told.")
    comment = ReviewComment.objects.get(milestone=milestone)

    # The lead finds the comment on the part's page and replies on the review page.
    lead = open_page()
    log_in(lead, "lead@alder.test")
    lead.goto(f"/milestones/{pk}/action-plan/")
    comments = lead.get_by_role("complementary", name="Coach's comments")
    expect(comments).to_contain_text(COMMENT)
    follow(comments, "Replies, and reply, on the review page")
    thread(lead, comment).get_by_label("Your reply").fill(QUESTION)
    click_and_wait(lead, thread(lead, comment).get_by_role("button", name="Reply"))
    says(lead, "Your reply was added; the other side has been told.")
    expect(thread(lead, comment)).to_contain_text("Lena Lead · ")
    expect(thread(lead, comment)).to_contain_text(QUESTION)

    # The coach sees it waiting in the queue, reads it (new) and answers.
    coach.goto("/milestones/review/")
    unread = coach.get_by_role("listitem").filter(has_text=QUESTION)
    expect(unread).to_contain_text("Process summary")
    expect(unread).to_contain_text("1 new reply")
    auditor.look(coach, "queue-unread-reply")
    follow(unread, "Read and reply")
    expect(thread(coach, comment).locator(".badge", has_text="New")).to_be_visible()
    thread(coach, comment).get_by_label("Your reply").fill(ANSWER)
    click_and_wait(coach, thread(coach, comment).get_by_role("button", name="Reply"))
    says(coach, "Your reply was added; the other side has been told.")
    coach.goto("/milestones/review/")
    says(coach, "No reply is waiting for you.")

    # The lead is told (on the milestone page) and marks the comment addressed.
    lead.goto(f"/milestones/{pk}/")
    notices = lead.get_by_role("region", name="Your latest notices")
    expect(notices).to_contain_text("Cora Coach replied to a review comment")
    expect(notices).to_contain_text(ANSWER)
    lead.goto(f"/milestones/{pk}/action-plan/")
    click_and_wait(lead, lead.get_by_role("button", name="Mark as addressed"))
    says(lead, "The comment is marked as addressed.")

    lead.goto(f"/milestones/{pk}/review/#comment-{comment.pk}")
    conversation = thread(lead, comment)
    expect(conversation).to_contain_text("addressed by Lena Lead")
    replies = conversation.locator(".comment-reply")
    expect(replies).to_have_count(2)
    expect(replies.nth(0)).to_contain_text(QUESTION)
    expect(replies.nth(1)).to_contain_text(ANSWER)
    expect(replies.nth(1)).to_contain_text("Cora Coach · ")
    shots = Path(os.environ.get("THREAD_SHOTS", "test-artifacts/screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    conversation.screenshot(path=str(shots / "thread.png"))
    auditor.look(lead, "review-thread")

    assert list(
        CommentReply.objects.filter(comment=comment).values_list("author__email", "body")
    ) == [("lead@alder.test", QUESTION), ("coach@program.test", ANSWER)]
    assert sorted(
        Notice.objects.filter(kind="reply").values_list("recipient__email", flat=True)
    ) == ["coach@program.test", "lead@alder.test"]
    comment.refresh_from_db()
    assert comment.addressed_by.email == "lead@alder.test"
    auditor.assert_clean([coach, lead])
