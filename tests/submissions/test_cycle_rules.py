"""The cycle rules: a practice has one VBP milestone across the 2026 cycles."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from submissions import deadlines, lifecycle
from submissions.deliverable import deliverable_context, late_note
from submissions.exceptions import TransitionError
from submissions.models import MilestoneSubmission
from tests import factories
from tests.submissions.test_lifecycle import set_status

Status = MilestoneSubmission.Status

ONE_MILESTONE = (
    "Alder Family Medicine already has its VBP milestone in May 2026 (draft); "
    "a practice completes the milestone once, in one cycle."
)


def start_url(cast, cycle):
    return reverse("practices:start", args=[cast.practice.pk, cycle.pk])


def test_starting_in_the_other_cycle_is_refused_naming_the_first(cast):
    with pytest.raises(TransitionError) as refused:
        lifecycle.milestone_start(cast.practice, cast.other_cycle, cast.lead)
    assert str(refused.value) == ONE_MILESTONE
    assert cast.practice.milestones.get() == cast.milestone


def test_the_refusal_names_the_first_milestones_status(cast):
    set_status(cast.milestone, Status.CHANGES_REQUESTED)
    with pytest.raises(TransitionError, match=r"in May 2026 \(changes requested\)"):
        lifecycle.milestone_start(cast.practice, cast.other_cycle, cast.lead)


def test_lead_starting_a_second_milestone_sees_why_and_nothing_is_created(cast, login):
    response = login(cast.lead).post(start_url(cast, cast.other_cycle), follow=True)
    assert ONE_MILESTONE in response.content.decode()
    assert cast.practice.milestones.count() == 1


def test_practice_page_offers_no_start_once_a_milestone_exists(cast, login):
    page = login(cast.lead).get(reverse("practices:detail", args=[cast.practice.pk]))
    body = page.content.decode()
    assert start_url(cast, cast.other_cycle) not in body
    assert "a practice completes the milestone once, in one cycle" in body


def test_practice_page_offers_both_cycles_before_any_start(cast, login):
    cast.milestone.delete()
    body = login(cast.lead).get(reverse("practices:detail", args=[cast.practice.pk])).content
    assert start_url(cast, cast.cycle) in body.decode()
    assert start_url(cast, cast.other_cycle) in body.decode()


# After the due date: starting and the first submit need an extension -----------------

AFTER_MAY = date(2026, 6, 2)


@pytest.fixture
def after_may(monkeypatch):
    """The day the rules go by is June 2, 2026: the May cycle (due May 31) is past."""
    monkeypatch.setattr(deadlines, "today", lambda: AFTER_MAY)


def test_starting_after_the_due_date_is_refused_naming_the_date(cast, after_may):
    cast.milestone.delete()
    with pytest.raises(TransitionError) as refused:
        lifecycle.milestone_start(cast.practice, cast.cycle, cast.lead)
    assert str(refused.value) == (
        "Alder Family Medicine's VBP milestone for May 2026 was due May 31, 2026; after that "
        "date it can be started only with an extension, which an administrator grants on "
        "the practice's page."
    )
    assert not cast.practice.milestones.exists()


def test_starting_on_the_due_date_itself_is_allowed(cast, monkeypatch):
    cast.milestone.delete()
    monkeypatch.setattr(deadlines, "today", lambda: date(2026, 5, 31))
    assert lifecycle.milestone_start(cast.practice, cast.cycle, cast.lead).cycle == cast.cycle


def test_an_extension_opens_starting_again_until_its_date(cast, after_may):
    cast.milestone.delete()
    lifecycle.extension_grant(cast.practice, cast.cycle, date(2026, 6, 30), "Flood", cast.admin)
    assert lifecycle.milestone_start(cast.practice, cast.cycle, cast.lead).cycle == cast.cycle


def test_the_first_submit_after_the_due_date_is_refused_and_nothing_changes(cast, after_may):
    factories.complete_milestone(cast.milestone, cast.respondent)
    with pytest.raises(
        TransitionError,
        match="was due May 31, 2026; after that date it can be submitted only with an extension",
    ):
        lifecycle.milestone_submit(cast.milestone, cast.lead)
    cast.milestone.refresh_from_db()
    assert (cast.milestone.status, cast.milestone.version) == (Status.DRAFT, 0)
    assert not cast.milestone.snapshots.exists()


def test_an_extension_lets_the_first_submit_through_and_the_mark_names_it(cast, monkeypatch):
    factories.complete_milestone(cast.milestone, cast.respondent)
    lifecycle.extension_grant(cast.practice, cast.cycle, date(2026, 6, 30), "Flood", cast.admin)
    monkeypatch.setattr(deadlines, "today", lambda: AFTER_MAY)
    milestone = lifecycle.milestone_submit(cast.milestone, cast.lead)
    content = milestone.snapshots.get().content
    assert content["cycle"]["extended_to"] == "2026-06-30"
    title = deliverable_context(content)["title"]
    assert title["due_on"] == "June 30, 2026 (extended)"
    # The attestation carries the real clock (after June 30): the mark names the extension.
    assert title["late_note"] == "Submitted after the extended due date of June 30, 2026."


def test_the_coachs_review_shows_the_practices_extended_due_date(cast, login):
    factories.complete_milestone(cast.milestone, cast.respondent)
    lifecycle.extension_grant(cast.practice, cast.cycle, date(2026, 6, 30), "Flood", cast.admin)
    lifecycle.milestone_submit(cast.milestone, cast.lead)
    page = login(cast.coach).get(reverse("submissions:review", args=[cast.milestone.pk]))
    assert "· due June 30, 2026 (extended from May 31, 2026)</p>" in page.content.decode()


def test_the_late_mark_reads_the_extended_date_frozen_in_the_snapshot():
    content_due = date(2026, 6, 30)
    attested = datetime(2026, 7, 2, 10, 0)
    assert late_note(attested, content_due, extended=True) == (
        "Submitted after the extended due date of June 30, 2026."
    )
    assert late_note(attested, date(2026, 5, 31)) == (
        "Submitted after the cycle's due date of May 31, 2026."
    )


def test_a_resubmit_after_changes_requested_is_not_held_by_the_due_date(cast, after_may):
    factories.complete_milestone(cast.milestone, cast.respondent)
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(
        status=Status.CHANGES_REQUESTED, version=1
    )
    cast.milestone.refresh_from_db()
    assert lifecycle.milestone_submit(cast.milestone, cast.lead).version == 2


# Granting an extension ----------------------------------------------------------------


def extension_url(cast):
    return reverse("practices:extension", args=[cast.practice.pk, cast.cycle.pk])


def test_an_administrator_grants_an_extension_shown_to_the_practice_and_coach(cast, login):
    response = login(cast.admin).post(
        extension_url(cast),
        {"due_on": "2026-06-30", "reason": "Clinic flooded in May."},
        follow=True,
    )
    assert "now has until June 30, 2026 in May 2026" in response.content.decode()
    extension = cast.practice.extensions.get()
    assert (extension.due_on, extension.granted_by) == (date(2026, 6, 30), cast.admin)
    for person in (cast.lead, cast.coach):
        page = login(person).get(cast.milestone.get_absolute_url()).content.decode()
        assert "due June 30, 2026 (extended from May 31, 2026: Clinic flooded in May.)" in page
        detail = login(person).get(reverse("practices:detail", args=[cast.practice.pk]))
        assert "Clinic flooded in May." in detail.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"due_on": "2026-05-20", "reason": "x"}, "Choose a date after the current due date"),
        ({"due_on": "2026-06-30", "reason": " \u200b "}, "Say why the practice is given more"),
        ({"due_on": "not a date", "reason": "Flood"}, "Enter a valid date."),
    ],
)
def test_a_bad_extension_says_why_and_keeps_what_was_typed(cast, login, data, message):
    response = login(cast.admin).post(extension_url(cast), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert data["reason"].strip() in page
    assert not cast.practice.extensions.exists()


def test_the_latest_extension_is_the_due_date_and_all_stay_recorded(cast):
    lifecycle.extension_grant(cast.practice, cast.cycle, date(2026, 6, 15), "One", cast.admin)
    lifecycle.extension_grant(cast.practice, cast.cycle, date(2026, 7, 1), "Two", cast.admin)
    assert deadlines.deadline(cast.practice, cast.cycle).due_on == date(2026, 7, 1)
    table = deadlines.deadlines(cast.cycle, [cast.practice.pk, cast.other_practice.pk])
    assert table.for_practice(cast.practice.pk).due_on == date(2026, 7, 1)
    assert table.for_practice(cast.other_practice.pk).due_on == cast.cycle.due_on
    assert cast.practice.extensions.count() == 2


def test_only_an_administrator_grants_an_extension(cast, login):
    for person in (cast.lead, cast.coach):
        assert login(person).get(extension_url(cast)).status_code == 404
    with pytest.raises(TransitionError):
        lifecycle.extension_grant(cast.practice, cast.cycle, date(2026, 7, 1), "x", cast.coach)


# Moving a milestone to the other cycle --------------------------------------------------


def move_url(cast):
    return reverse("practices:move", args=[cast.practice.pk, cast.milestone.pk])


def test_an_administrator_moves_a_draft_keeping_its_content_and_recording_why(cast, login):
    rating = cast.milestone.domain_ratings.first()
    rating.rationale = "Kept as typed"
    rating.save()
    response = login(cast.admin).post(
        move_url(cast), {"cycle": cast.other_cycle.pk, "reason": "Joined late."}, follow=True
    )
    assert "moved from May 2026 to November 2026" in response.content.decode()
    cast.milestone.refresh_from_db()
    assert cast.milestone.cycle == cast.other_cycle
    assert cast.milestone.domain_ratings.get(pk=rating.pk).rationale == "Kept as typed"
    assert cast.milestone.transitions.last().note == (
        "Moved from May 2026 to November 2026: Joined late."
    )


def test_a_submitted_milestone_does_not_move(cast, login):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(
        status=Status.SUBMITTED, version=1
    )
    response = login(cast.admin).post(
        move_url(cast), {"cycle": cast.other_cycle.pk, "reason": "Joined late."}
    )
    assert "only a milestone never submitted moves to another cycle" in response.content.decode()
    cast.milestone.refresh_from_db()
    assert cast.milestone.cycle == cast.cycle


def test_only_an_administrator_moves_a_milestone(cast, login):
    for person in (cast.lead, cast.coach):
        assert login(person).get(move_url(cast)).status_code == 404
    other = reverse("practices:move", args=[cast.other_practice.pk, cast.milestone.pk])
    assert login(cast.admin).get(other).status_code == 404
