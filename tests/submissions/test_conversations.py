"""Replies under review comments: the lead and the coach answer each other, oldest first,
with who and when; the coach's queue shows the comments with replies not read yet."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.bounded_text import COMMENT
from submissions import lifecycle, review
from submissions.models import CommentReply, Notice, ReviewComment, ReviewReading
from tests import factories
from tests.factories import complete_milestone
from tests.test_page_html import html_problems


@pytest.fixture
def submitted(cast):
    milestone = complete_milestone(cast.milestone, cast.respondent)
    return lifecycle.milestone_submit(milestone, cast.lead)


@pytest.fixture
def comment(cast, submitted):
    return review.comment_add(
        submitted, cast.coach, "process", "Say who in the practice was involved."
    )


def reply_url(comment):
    return reverse("submissions:reply_create", args=[comment.milestone_id, comment.pk])


def review_page(client, milestone):
    return client.get(reverse("submissions:review", args=[milestone.pk])).content.decode()


def queue_page(client):
    return client.get(reverse("submissions:queue")).content.decode()


def test_lead_and_coach_reply_under_a_comment_oldest_first(cast, comment, login, mailoutbox):
    lead = login(cast.lead)
    response = lead.post(reply_url(comment), {"body": "Can you clarify: staff or board?"})
    assert response.status_code == 302
    first = CommentReply.objects.get()
    assert response["Location"].endswith(f"#reply-{first.pk}")
    coach = login(cast.coach)
    coach.post(reply_url(comment), {"body": "Both, one line each."})

    page = review_page(coach, comment.milestone)
    question = page.index("Can you clarify: staff or board?")
    answer = page.index("Both, one line each.")
    assert page.index("Say who in the practice was involved.") < question < answer
    assert "Lena Lead · " in page[page.index("comment-replies") : question]
    assert "Cora Coach · " in page[question:answer]
    assert html_problems(page) == []


def test_a_lead_s_reply_is_mailed_to_the_coach_with_the_comment(cast, comment, login, mailoutbox):
    mailoutbox.clear()
    login(cast.lead).post(reply_url(comment), {"body": "We did this in row C."})
    assert [m.to for m in mailoutbox] == [["coach@program.test"]]
    mail = mailoutbox[0]
    assert (
        mail.subject
        == "Lena Lead replied to a review comment on Alder Family Medicine's VBP milestone"
    )
    assert "Say who in the practice was involved." in mail.body
    assert "We did this in row C." in mail.body
    link = f"http://127.0.0.1:8000/milestones/{comment.milestone_id}/review/#comment-{comment.pk}"
    assert link in mail.body
    notice = Notice.objects.get(kind=Notice.Kind.REPLY)
    assert (notice.recipient, notice.actor, notice.note) == (
        cast.coach,
        cast.lead,
        "We did this in row C.",
    )


def test_a_coach_s_reply_is_mailed_to_the_leads_with_the_earlier_replies(
    cast, comment, login, mailoutbox
):
    login(cast.lead).post(reply_url(comment), {"body": "Which staff?"})
    mailoutbox.clear()
    login(cast.coach).post(reply_url(comment), {"body": "Front-desk and billing."})
    assert [m.to for m in mailoutbox] == [["lead@alder.test"]]
    body = mailoutbox[0].body
    assert body.index("Which staff?") < body.index("Front-desk and billing.")


@pytest.mark.parametrize("role", ["respondent", "other_lead", "other_coach"])
def test_people_who_cannot_see_the_comments_cannot_reply(cast, comment, login, role):
    response = login(cast.by_role(role)).post(reply_url(comment), {"body": "Hello"})
    assert response.status_code == 404
    assert not CommentReply.objects.exists()


def test_a_comment_of_another_milestone_cannot_be_answered_here(cast, comment, login):
    url = reverse("submissions:reply_create", args=[cast.other_milestone.pk, comment.pk])
    assert login(cast.other_lead).post(url, {"body": "Hello"}).status_code == 404
    assert login(cast.admin).post(url, {"body": "Hello"}).status_code == 404
    assert not CommentReply.objects.exists()


def test_an_empty_or_too_long_reply_is_refused_and_kept(cast, comment, login):
    client = login(cast.lead)
    page = client.post(reply_url(comment), {"body": "  "}).content.decode()
    assert "Write your reply before sending it." in page
    too_long = "x" * (COMMENT + 1)
    page = client.post(reply_url(comment), {"body": too_long}).content.decode()
    assert f"Keep the reply to {COMMENT:,} characters; it has {COMMENT + 1:,}." in page
    assert too_long in page
    assert "Add the reply" in page
    assert not CommentReply.objects.exists()


def test_the_database_refuses_a_reply_longer_than_a_comment(cast, comment):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentReply.objects.create(comment=comment, author=cast.lead, body="x" * (COMMENT + 1))


def test_once_accepted_the_review_is_closed_to_replies(cast, comment, login):
    lifecycle.milestone_accept(comment.milestone, cast.coach)
    client = login(cast.lead)
    assert "Your reply" not in review_page(client, comment.milestone)
    page = client.post(reply_url(comment), {"body": "Thanks!"}).content.decode()
    assert "This milestone is accepted, so its review is closed. Your reply was not added." in page
    assert "Thanks!" in page
    assert "Add the reply" not in page
    assert not CommentReply.objects.exists()


def test_the_coach_s_queue_shows_comments_with_unread_replies(cast, comment, login):
    coach = login(cast.coach)
    assert "No reply is waiting for you." in queue_page(coach)
    login(cast.lead).post(reply_url(comment), {"body": "Is a list of names enough?"})

    page = queue_page(login(cast.coach))
    assert "Comments with unread replies" in page
    assert "Process summary" in page and "1 new reply" in page
    assert "Is a list of names enough?" in page
    link = reverse("submissions:review", args=[comment.milestone_id]) + f"#comment-{comment.pk}"
    assert f'href="{link}"' in page

    # Opening the review marks the reply new once, and read from then on.
    assert 'badge text-bg-info">New' in review_page(coach, comment.milestone)
    assert "No reply is waiting for you." in queue_page(coach)
    assert 'badge text-bg-info">New' not in review_page(coach, comment.milestone)


def test_each_coach_has_read_only_what_they_opened(cast, comment, login):
    """Reading is per person: another coach of the practice still has the reply unread,
    and the coach's own replies are never unread for them."""
    second = factories.make_user("coach3@program.test", full_name="Sam Second", is_coach=True)
    factories.assign_coach(cast.practice, second)
    login(cast.lead).post(reply_url(comment), {"body": "Done in row C."})
    coach = login(cast.coach)
    coach.post(reply_url(comment), {"body": "Thanks, looks right."})
    assert "No reply is waiting for you." in queue_page(coach)
    page = queue_page(login(second))
    assert "2 new replies" in page


def test_a_reply_older_than_the_last_reading_is_not_unread(cast, comment):
    reply = CommentReply.objects.create(comment=comment, author=cast.lead, body="Earlier.")
    ReviewReading.objects.create(
        milestone=comment.milestone, reader=cast.coach, seen_at=reply.created_at
    )
    assert review.unread_threads(cast.coach, comment.milestone.practice.milestones.all()) == []
    later = CommentReply.objects.create(
        comment=comment,
        author=cast.lead,
        body="Later.",
        created_at=reply.created_at + timedelta(seconds=1),
    )
    [thread] = review.unread_threads(cast.coach, comment.milestone.practice.milestones.all())
    assert (thread.comment, thread.replies) == (comment, [later])


def test_addressed_is_the_lead_s_and_reopen_the_coach_s(cast, comment, login):
    milestone = lifecycle.milestone_request_changes(comment.milestone, cast.coach)
    address = reverse("submissions:comment_address", args=[milestone.pk, comment.pk])
    reopen = reverse("submissions:comment_reopen", args=[milestone.pk, comment.pk])
    assert login(cast.coach).post(address).status_code == 404
    assert login(cast.lead).post(reopen).status_code == 404
    login(cast.lead).post(address)
    comment.refresh_from_db()
    assert comment.addressed_by == cast.lead

    coach = login(cast.coach)
    assert "Reopen<span" in review_page(coach, milestone)
    page = coach.post(reopen, {"next": "/milestones/"}, follow=True).content.decode()
    assert "The comment is open again." in page
    comment.refresh_from_db()
    assert comment.is_open and comment.addressed_by is None


def test_a_reopened_comment_lets_the_coach_request_changes_again(cast, comment, login):
    milestone = lifecycle.milestone_request_changes(comment.milestone, cast.coach)
    review.comment_mark_addressed(comment, cast.lead)
    milestone = lifecycle.milestone_submit(milestone, cast.lead)
    review.comment_reopen(comment, cast.coach)
    milestone = lifecycle.milestone_request_changes(milestone, cast.coach, "See the comment.")
    assert milestone.status == "changes_requested"


def test_replies_are_in_the_milestone_s_history(cast, comment, login):
    login(cast.lead).post(reply_url(comment), {"body": "Added the billing team."})
    review.comment_mark_addressed(
        lifecycle.milestone_request_changes(comment.milestone, cast.coach).comments.get(),
        cast.lead,
    )
    page = login(cast.coach).get(reverse("submissions:history", args=[comment.milestone_id]))
    text = page.content.decode()
    assert "Review comments and replies" in text
    assert "<strong>Lena Lead</strong> replied to the comment on Process summary" in text
    assert "Added the billing team." in text
    assert "<strong>Cora Coach</strong> commented on version 1: Process summary" in text
    assert "<strong>Lena Lead</strong> marked as addressed the comment on Process summary" in text
    # Newest first: addressed, then the reply, then the comment.
    assert text.index("marked as addressed") < text.index("replied to") < text.index("commented")


def test_part_pages_link_each_comment_to_its_conversation(cast, comment, login):
    page = login(cast.lead).get(reverse("action_plans:process", args=[comment.milestone_id]))
    link = reverse("submissions:review", args=[comment.milestone_id]) + f"#comment-{comment.pk}"
    assert f'href="{link}"' in page.content.decode()


def test_review_page_query_count_does_not_grow_with_replies(
    cast, comment, login, django_assert_num_queries
):
    client = login(cast.coach)
    url = reverse("submissions:review", args=[comment.milestone_id])
    CommentReply.objects.create(comment=comment, author=cast.lead, body="One.")
    client.get(url)
    # 18 with the practice's due date (its extension) in the header.
    with django_assert_num_queries(18) as captured:
        client.get(url)
    other = ReviewComment.objects.create(
        milestone=comment.milestone, section="risks", body="Risk 2?", author=cast.coach, version=1
    )
    for n in range(5):
        CommentReply.objects.create(
            comment=other,
            author=cast.lead,
            body=f"Reply {n}",
            created_at=timezone.now() + timedelta(seconds=n),
        )
    with django_assert_num_queries(len(captured)):
        client.get(url)
