"""Submit, review by section, resubmit with what changed, accept: the whole loop."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from gap_analysis.models import DomainRating
from submissions import attachments
from submissions.models import MilestoneSubmission, ReviewComment, Snapshot
from tests.factories import PASSWORD, complete_milestone


@pytest.fixture(autouse=True)
def _send_mail_on_commit(monkeypatch):
    """E-mails go out when the transaction commits; tests run inside one, so send now."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, *a, **k: func())


@pytest.fixture
def complete(cast):
    return complete_milestone(cast.milestone, cast.respondent)


def submit(client, milestone, password=PASSWORD, attest="on"):
    data = {"password": password}
    if attest:
        data["attest"] = attest
    return client.post(reverse("submissions:submit", args=[milestone.pk]), data, follow=True)


def test_check_your_answers_shows_the_whole_milestone(cast, complete, login):
    body = login(cast.lead).get(reverse("submissions:submit", args=[cast.milestone.pk]))
    text = body.content.decode()
    assert "Check your answers" in text
    for value in ("Current state C text", "Capability name 2", "Activity 3.3", "Mitigation 2"):
        assert value in text
    assert "Sign and submit version 1" in text


def test_check_your_answers_counts_the_items_at_each_consensus_level(cast, complete, login):
    from submissions.snapshot import milestone_content

    text = login(cast.lead).get(reverse("submissions:submit", args=[cast.milestone.pk]))
    text = text.content.decode()
    for domain in milestone_content(cast.milestone)["vapcat"]["domains"]:
        counts = " / ".join(str(domain["level_counts"][level]) for level in "0123")
        assert f'<th scope="row">{domain["name"]}</th>' in text
        assert f"<td>{counts}</td>" in text


def test_submit_freezes_a_snapshot_with_pdf_and_tells_the_coach(cast, complete, login, mailoutbox):
    response = submit(login(cast.lead), cast.milestone)
    assert "Version 1 was submitted" in response.content.decode()
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == MilestoneSubmission.Status.SUBMITTED
    snapshot = Snapshot.objects.get(milestone=cast.milestone)
    assert snapshot.version == 1
    assert bytes(snapshot.pdf).startswith(b"%PDF")
    assert snapshot.pdf_sha256 == hashlib.sha256(bytes(snapshot.pdf)).hexdigest()
    assert snapshot.content["attestation"]["email"] == "lead@alder.test"
    assert snapshot.content["attestation"]["at"]
    assert snapshot.content["gap_analysis"]["rows"][0]["current_state"] == "Current state A text"
    assert [m.to for m in mailoutbox] == [["coach@program.test"]]
    assert "submitted version 1" in mailoutbox[0].subject


def test_wrong_password_does_not_submit(cast, complete, login):
    response = submit(login(cast.lead), cast.milestone, password="guess")
    assert (
        "That is not your password; the milestone was not submitted." in response.content.decode()
    )
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == "draft"
    assert not Snapshot.objects.exists()


def test_submit_needs_the_attestation(cast, complete, login):
    response = submit(login(cast.lead), cast.milestone, attest=None)
    assert "Tick the box to confirm the content is accurate." in response.content.decode()
    assert not Snapshot.objects.exists()


def test_submitted_milestone_is_locked(cast, complete, login):
    from submissions.editing import ensure_editable
    from submissions.exceptions import TransitionError

    submit(login(cast.lead), cast.milestone)
    cast.milestone.refresh_from_db()
    with pytest.raises(TransitionError, match="read-only"):
        ensure_editable(cast.milestone)


def test_coach_queue_lists_submitted_oldest_first(cast, complete, login):
    submit(login(cast.lead), cast.milestone)
    body = login(cast.coach).get(reverse("submissions:queue")).content.decode()
    assert "Alder Family Medicine" in body
    assert "May 31, 2026" in body
    assert (
        "Nothing is waiting"
        in login(cast.other_coach).get(reverse("submissions:queue")).content.decode()
    )


def test_review_loop_with_changes_since_last_version(cast, complete, login, mailoutbox):
    lead, coach = cast.lead, cast.coach
    submit(login(lead), cast.milestone)
    client = login(coach)
    review_url = reverse("submissions:review", args=[cast.milestone.pk])
    page = client.get(review_url).content.decode()
    assert "Review of version 1" in page
    assert "What changed since" not in page
    client.post(
        reverse("submissions:comment_create", args=[cast.milestone.pk]),
        {"section": "gap:B", "body": "Operations: say who negotiates contracts."},
    )
    comment = ReviewComment.objects.get()
    assert (comment.section, comment.author, comment.version) == ("gap:B", coach, 1)
    client.post(reverse("submissions:request_changes", args=[cast.milestone.pk]), {"note": ""})
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == "changes_requested"
    assert mailoutbox[-1].to == ["lead@alder.test"]
    assert "Changes requested" in mailoutbox[-1].subject

    # The practice sees the comment, edits, marks it addressed and resubmits.
    client = login(lead)
    page = client.get(cast.milestone.get_absolute_url()).content.decode()
    assert "Operations: say who negotiates contracts." in page
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="B")
    rating.current_state = "Our COO now negotiates every VBP contract."
    rating.save()
    client.post(reverse("submissions:comment_address", args=[cast.milestone.pk, comment.pk]))
    comment.refresh_from_db()
    assert comment.addressed_by == lead
    submit(client, cast.milestone)
    cast.milestone.refresh_from_db()
    assert (cast.milestone.status, cast.milestone.version) == ("submitted", 2)

    page = login(coach).get(review_url).content.decode()
    assert "What changed since version 1" in page
    assert "B · Operations · Current state" in page
    assert "Current state B text" in page
    assert "Our COO now negotiates every VBP contract." in page
    assert "B · Financial" not in page.split("What changed since version 1")[1].split("</table>")[0]

    login(coach).post(reverse("submissions:accept", args=[cast.milestone.pk]), {"note": "Thanks"})
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == "accepted"
    assert "accepted" in mailoutbox[-1].subject


def test_comment_without_text_is_refused_with_a_message(cast, complete, login):
    submit(login(cast.lead), cast.milestone)
    response = login(cast.coach).post(
        reverse("submissions:comment_create", args=[cast.milestone.pk]),
        {"section": "risks", "body": "  "},
        follow=True,
    )
    assert "Comment: This field is required." in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_comment_on_unknown_section_is_refused(cast, complete, login):
    submit(login(cast.lead), cast.milestone)
    response = login(cast.coach).post(
        reverse("submissions:comment_create", args=[cast.milestone.pk]),
        {"section": "gap:Z", "body": "x"},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()


def test_snapshot_pdf_download_has_a_portal_ready_filename(cast, complete, login):
    submit(login(cast.lead), cast.milestone)
    for user in (cast.lead, cast.coach, cast.admin):
        response = login(user).get(reverse("submissions:pdf", args=[cast.milestone.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="VBP-milestone_alder-family-medicine_may-2026_v1.pdf"'
        )
        assert response.content == bytes(Snapshot.objects.get().pdf)


def test_snapshot_never_changes_after_the_fact(cast, complete, login):
    submit(login(cast.lead), cast.milestone)
    before = Snapshot.objects.get()
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="changes_requested")
    DomainRating.objects.filter(milestone=cast.milestone).update(current_state="Rewritten")
    after = Snapshot.objects.get()
    assert bytes(after.pdf) == bytes(before.pdf)
    assert after.content == before.content
    with pytest.raises(ValueError, match="immutable"):
        after.save()


def test_history_page_shows_who_changed_what(cast, login):
    client = login(cast.lead)
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="D")
    rating._history_user = cast.lead
    rating.rationale = "Reserves come first."
    rating.save()
    page = client.get(reverse("submissions:history", args=[cast.milestone.pk])).content.decode()
    assert "Gap analysis row (Financial)" in page
    assert "Reserves come first." in page
    assert "Lena Lead" in page


def test_history_page_query_count_does_not_grow(cast, login, django_assert_num_queries):
    client = login(cast.lead)
    url = reverse("submissions:history", args=[cast.milestone.pk])
    with django_assert_num_queries(22):
        client.get(url)
    complete_milestone(cast.milestone, cast.respondent, activities=20)
    for number in range(3):
        file = ContentFile(b"%PDF-1.7 minutes", name=f"minutes-{number}.pdf")
        attachments.attachment_add(
            cast.milestone, cast.lead, file, attachments.inspect(file), "Board minutes"
        )
    with django_assert_num_queries(22):
        client.get(url)


def test_times_are_shown_in_the_programs_time_zone(cast, complete, login, settings):
    """Stored in UTC, shown in California time: 03:30 UTC on November 25 is 19:30 on
    November 24 in Los Angeles."""
    from datetime import UTC, datetime

    assert settings.TIME_ZONE == "America/Los_Angeles"
    submit(login(cast.lead), cast.milestone)
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(
        submitted_at=datetime(2026, 11, 25, 3, 30, tzinfo=UTC)
    )
    page = login(cast.coach).get(reverse("submissions:queue")).content.decode()
    assert "Nov 24, 2026 19:30" in page
