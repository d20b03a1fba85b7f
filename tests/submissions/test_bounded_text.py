"""A coach's comment and the note of a transition have bounds: a longer text is refused
with both numbers and comes back as typed, with its count."""

import html
import re

from django.urls import reverse

from submissions.models import MilestoneSubmission, ReviewComment
from tests.factories import PASSWORD, complete_milestone


def count(page, field_id):
    return re.search(rf'<div id="{field_id}-count"[^>]*>(.*?)</div>', page, re.S).group(1)


def test_a_review_comment_over_5000_characters_is_refused_and_kept(cast, login):
    complete_milestone(cast.milestone, cast.respondent)
    login(cast.lead).post(
        reverse("submissions:submit", args=[cast.milestone.pk]),
        {"password": PASSWORD, "attest": "on"},
    )
    assert MilestoneSubmission.objects.get(pk=cast.milestone.pk).status == "submitted"
    body = "Please say who owns the dashboard. " * 150  # 5,250 characters
    response = login(cast.coach).post(
        reverse("submissions:comment_create", args=[cast.milestone.pk]),
        {"section": "risks", "body": body},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Keep the comment to 5,000 characters; it has 5,249." in page
    assert html.escape(body.strip(), quote=False) in page
    assert count(page, "id_body") == "5,249 of 5,000 characters (249 too many)"
    assert not ReviewComment.objects.exists()


def test_a_note_too_long_to_accept_with_is_refused_and_kept(cast, login):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)
    note = "Thank you. " * 500  # 5,499 characters once the last space is stripped
    response = login(cast.coach).post(
        reverse("submissions:accept", args=[cast.milestone.pk]), {"note": note}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Keep the note to 5,000 characters; it has 5,499." in page
    assert note.strip() in page
    assert count(page, "id_note") == "5,499 of 5,000 characters (499 too many)"
    assert MilestoneSubmission.objects.get(pk=cast.milestone.pk).status == "submitted"
