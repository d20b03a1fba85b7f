"""Review comments are written under the milestone's lock and its status: a coach comments
on a version waiting for review; the practice marks a comment addressed only while it
may edit the milestone (not while the coach reviews it, not once it is accepted)."""

import pytest
from django.urls import reverse

from submissions import lifecycle, review
from submissions.exceptions import TransitionError
from submissions.models import MilestoneSubmission, ReviewComment
from tests.factories import complete_milestone

READ_ONLY = "This milestone is submitted, so it is read-only; nothing was saved."


@pytest.fixture(autouse=True)
def _send_mail_on_commit(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, *a, **k: func())


@pytest.fixture
def submitted(cast):
    complete_milestone(cast.milestone, cast.respondent)
    return lifecycle.milestone_submit(cast.milestone, cast.lead)


@pytest.fixture
def comment(cast, submitted):
    return review.comment_add(submitted, cast.coach, "gap:B", "Say who negotiates contracts.")


def address(client, milestone, comment):
    url = reverse("submissions:comment_address", args=[milestone.pk, comment.pk])
    return client.post(url, follow=True)


def test_a_comment_cannot_be_marked_addressed_while_the_coach_reviews(
    cast, submitted, comment, login
):
    response = address(login(cast.lead), submitted, comment)
    assert response.status_code == 200
    assert READ_ONLY in response.content.decode()
    comment.refresh_from_db()
    assert comment.addressed_at is None and comment.addressed_by is None
    # So the coach can still send the version back with it.
    milestone = lifecycle.milestone_request_changes(submitted, cast.coach)
    assert milestone.status == MilestoneSubmission.Status.CHANGES_REQUESTED


def test_a_comment_cannot_be_marked_addressed_once_accepted(cast, submitted, comment, login):
    accepted = lifecycle.milestone_accept(submitted, cast.coach)
    response = address(login(cast.lead), accepted, comment)
    assert "This milestone is accepted, so it is read-only; nothing was saved." in (
        response.content.decode()
    )
    comment.refresh_from_db()
    assert comment.addressed_at is None


def test_the_practice_marks_a_comment_addressed_once_changes_are_requested(
    cast, submitted, comment, login
):
    client = login(cast.lead)
    milestone = lifecycle.milestone_request_changes(submitted, cast.coach)
    page = client.get(milestone.get_absolute_url()).content.decode()
    assert "Mark as addressed" in page
    response = address(client, milestone, comment)
    assert "The comment is marked as addressed." in response.content.decode()
    comment.refresh_from_db()
    assert comment.addressed_by == cast.lead
    # Marking it again keeps who did it first.
    review.comment_mark_addressed(comment, cast.admin)
    comment.refresh_from_db()
    assert comment.addressed_by == cast.lead


def test_no_mark_as_addressed_button_while_the_milestone_is_read_only(
    cast, submitted, comment, login
):
    review.comment_add(submitted, cast.coach, "capabilities", "Explain the second one.")
    client = login(cast.lead)
    for url in (
        submitted.get_absolute_url(),
        reverse("gap_analysis:capabilities", args=[submitted.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Explain the second one." in page, url
        assert "Mark as addressed" not in page, url


def test_a_comment_typed_as_another_coach_accepts_is_refused_and_kept(cast, submitted, login):
    client = login(cast.coach)
    review_page = client.get(reverse("submissions:review", args=[submitted.pk]))
    assert review_page.status_code == 200
    lifecycle.milestone_accept(submitted, cast.admin)
    response = client.post(
        reverse("submissions:comment_create", args=[submitted.pk]),
        {"section": "risks", "body": "Name a second mitigation."},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "This milestone is accepted; comments are added while a submitted version" in body
    assert "Name a second mitigation." in body  # as typed, in the form again
    assert not ReviewComment.objects.exists()


def test_comment_add_refuses_a_draft(cast):
    with pytest.raises(TransitionError, match="This milestone is draft"):
        review.comment_add(cast.milestone, cast.coach, "general", "Too early.")
    assert not ReviewComment.objects.exists()
