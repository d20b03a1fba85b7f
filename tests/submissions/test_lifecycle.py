"""The milestone lifecycle: every move by every role, preconditions, the record."""

from unittest import mock

import pytest

from submissions import lifecycle
from submissions.models import MilestoneSubmission, ReviewComment, Transition

Status = MilestoneSubmission.Status


def set_status(milestone, status, version=1):
    MilestoneSubmission.objects.filter(pk=milestone.pk).update(status=status, version=version)
    milestone.refresh_from_db()


@pytest.fixture
def complete():
    """Pretend every rule of the milestone is met (completeness has its own tests)."""
    with mock.patch("submissions.completeness.unmet_rules", return_value=[]):
        yield


def comment(milestone, body="Please say who manages capability 2."):
    return ReviewComment.objects.create(
        milestone=milestone, section="general", body=body, version=milestone.version
    )


def test_new_milestone_is_a_draft_with_five_gap_rows_and_two_risks(cast):
    milestone = cast.milestone
    assert milestone.status == Status.DRAFT
    assert milestone.version == 0
    assert milestone.instrument == cast.instrument
    assert [r.domain.code for r in milestone.domain_ratings.all()] == list("ABCDE")
    assert [r.position for r in milestone.risks.all()] == [1, 2]


def test_one_milestone_per_practice_and_cycle(cast):
    with pytest.raises(lifecycle.TransitionError, match="already has its VBP milestone in May"):
        lifecycle.milestone_start(cast.practice, cast.cycle, cast.lead)


def test_practice_with_accepted_milestone_cannot_start_another(cast):
    set_status(cast.milestone, Status.ACCEPTED)
    with pytest.raises(lifecycle.TransitionError, match=r"in May 2026 \(accepted\)"):
        lifecycle.milestone_start(cast.practice, cast.other_cycle, cast.lead)


def test_incomplete_milestone_cannot_be_submitted(cast):
    with pytest.raises(lifecycle.TransitionError, match="not complete yet"):
        lifecycle.milestone_submit(cast.milestone, cast.lead)
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == Status.DRAFT


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("lead", True),
        ("admin", True),
        ("coach", False),
        ("respondent", False),
        ("other_lead", False),
    ],
)
def test_submit_by_role(cast, complete, role, allowed):
    user = cast.by_role(role)
    if allowed:
        milestone = lifecycle.milestone_submit(cast.milestone, user)
        assert milestone.status == Status.SUBMITTED
        assert milestone.version == 1
        assert milestone.submitted_at is not None
    else:
        with pytest.raises(lifecycle.TransitionError, match="may not submit"):
            lifecycle.milestone_submit(cast.milestone, user)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coach", True), ("admin", True), ("lead", False), ("other_coach", False)],
)
def test_accept_by_role(cast, role, allowed):
    set_status(cast.milestone, Status.SUBMITTED)
    user = cast.by_role(role)
    if allowed:
        assert lifecycle.milestone_accept(cast.milestone, user).status == Status.ACCEPTED
    else:
        with pytest.raises(lifecycle.TransitionError, match="may not accept"):
            lifecycle.milestone_accept(cast.milestone, user)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coach", True), ("admin", True), ("lead", False), ("other_coach", False)],
)
def test_request_changes_by_role(cast, role, allowed):
    set_status(cast.milestone, Status.SUBMITTED)
    comment(cast.milestone)
    user = cast.by_role(role)
    if allowed:
        milestone = lifecycle.milestone_request_changes(cast.milestone, user, "See comments")
        assert milestone.status == Status.CHANGES_REQUESTED
    else:
        with pytest.raises(lifecycle.TransitionError):
            lifecycle.milestone_request_changes(cast.milestone, user)


def test_request_changes_without_open_comment_is_refused(cast):
    set_status(cast.milestone, Status.SUBMITTED)
    addressed = comment(cast.milestone)
    addressed.addressed_at = addressed.created_at
    addressed.save()
    with pytest.raises(lifecycle.TransitionError, match="at least one comment"):
        lifecycle.milestone_request_changes(cast.milestone, cast.coach)


@pytest.mark.parametrize(("role", "allowed"), [("admin", True), ("coach", False), ("lead", False)])
def test_reopen_by_role(cast, role, allowed):
    set_status(cast.milestone, Status.ACCEPTED)
    user = cast.by_role(role)
    if allowed:
        milestone = lifecycle.milestone_reopen(cast.milestone, user, "Wrong capability text")
        assert milestone.status == Status.DRAFT
        assert milestone.transitions.last().note == "Wrong capability text"
    else:
        with pytest.raises(lifecycle.TransitionError, match="may not reopen"):
            lifecycle.milestone_reopen(cast.milestone, user, "reason")


def test_reopen_needs_a_reason(cast):
    set_status(cast.milestone, Status.ACCEPTED)
    with pytest.raises(lifecycle.TransitionError, match="Give a reason"):
        lifecycle.milestone_reopen(cast.milestone, cast.admin, "   ")


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.DRAFT, "accept"),
        (Status.DRAFT, "request_changes"),
        (Status.ACCEPTED, "accept"),
        (Status.CHANGES_REQUESTED, "accept"),
        (Status.SUBMITTED, "reopen"),
        (Status.DRAFT, "reopen"),
    ],
)
def test_invalid_moves_are_refused_with_a_message(cast, status, action):
    set_status(cast.milestone, status)
    comment(cast.milestone)
    service = getattr(lifecycle, f"milestone_{action}")
    with pytest.raises(
        lifecycle.TransitionError, match=f"This milestone is {status.label.lower()}"
    ):
        service(cast.milestone, cast.admin, "reason")
    assert not Transition.objects.filter(milestone=cast.milestone).exists()


def test_submitted_milestone_cannot_be_submitted_again(cast, complete):
    lifecycle.milestone_submit(cast.milestone, cast.lead)
    with pytest.raises(lifecycle.TransitionError, match="This milestone is submitted"):
        lifecycle.milestone_submit(cast.milestone, cast.lead)


def test_the_whole_cycle_is_recorded(cast, complete):
    m = cast.milestone
    lifecycle.milestone_submit(m, cast.lead)
    comment(m)
    lifecycle.milestone_request_changes(m, cast.coach, "Two comments")
    lifecycle.milestone_submit(m, cast.lead)
    lifecycle.milestone_accept(m, cast.coach, "Well done")
    lifecycle.milestone_reopen(m, cast.admin, "Typo in the practice name")
    rows = list(m.transitions.values_list("actor__email", "from_status", "to_status", "note"))
    assert rows == [
        ("lead@alder.test", "draft", "submitted", ""),
        ("coach@program.test", "submitted", "changes_requested", "Two comments"),
        ("lead@alder.test", "changes_requested", "submitted", ""),
        ("coach@program.test", "submitted", "accepted", "Well done"),
        ("admin@program.test", "accepted", "draft", "Typo in the practice name"),
    ]
    m.refresh_from_db()
    assert m.version == 2
    assert m.accepted_at is None


def test_stale_status_is_refused_not_overwritten(cast):
    """Two coaches act at once: the second sees the first one's move, not a 500."""
    set_status(cast.milestone, Status.SUBMITTED)
    stale = MilestoneSubmission.objects.get(pk=cast.milestone.pk)
    lifecycle.milestone_accept(cast.milestone, cast.coach)
    comment(stale)
    with pytest.raises(lifecycle.TransitionError, match="a moment ago"):
        lifecycle.milestone_request_changes(stale, cast.admin)


def test_allowed_actions(cast):
    assert lifecycle.allowed_actions(cast.milestone, cast.lead) == ["submit"]
    assert lifecycle.allowed_actions(cast.milestone, cast.coach) == []
    set_status(cast.milestone, Status.SUBMITTED)
    assert lifecycle.allowed_actions(cast.milestone, cast.coach) == ["request_changes", "accept"]
    set_status(cast.milestone, Status.ACCEPTED)
    assert lifecycle.allowed_actions(cast.milestone, cast.admin) == ["reopen"]
    assert lifecycle.allowed_actions(cast.milestone, cast.coach) == []
