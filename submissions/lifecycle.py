"""The milestone lifecycle: draft -> submitted -> changes requested -> submitted -> ...
-> accepted, and an administrator's reopen. The only place that moves a milestone.

Every move is a service named ``milestone_<action>``; each checks who may act, from
which status, and the action's own precondition, then records a ``Transition``. An
invalid move raises ``TransitionError`` with a message meant for the user.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from action_plans.models import ProcessSummary, Risk
from assessments.models import Instrument
from gap_analysis.models import DomainRating
from submissions import access, completeness, deadlines, notifications
from submissions.exceptions import TransitionError
from submissions.models import Extension, MilestoneSubmission, Transition
from submissions.snapshot import snapshot_freeze, snapshot_render_after_submit

Status = MilestoneSubmission.Status


@dataclass(frozen=True)
class Move:
    verb: str
    sources: tuple
    target: str
    roles: tuple


MOVES = {
    "submit": Move(
        "submit",
        (Status.DRAFT, Status.CHANGES_REQUESTED),
        Status.SUBMITTED,
        (access.ADMIN, access.LEAD),
    ),
    "request_changes": Move(
        "request changes on",
        (Status.SUBMITTED,),
        Status.CHANGES_REQUESTED,
        (access.ADMIN, access.COACH),
    ),
    "accept": Move("accept", (Status.SUBMITTED,), Status.ACCEPTED, (access.ADMIN, access.COACH)),
    "reopen": Move("reopen", (Status.ACCEPTED,), Status.DRAFT, (access.ADMIN,)),
}


@transaction.atomic
def milestone_start(practice, cycle, user):
    """Start the practice's milestone for ``cycle`` with the current VaPCAT version.

    Creates the five gap-analysis rows (one per domain), the process summary and the two
    risk slots, so that every part exists from the first page on.
    """
    first = practice.milestones.select_related("cycle").first()
    if first is not None:
        # One VBP milestone across the 2026 cycles: the other cycle is a move, not a start.
        raise TransitionError(
            f"{practice.name} already has its VBP milestone in {first.cycle.name} "
            f"({first.get_status_display().lower()}); a practice completes the milestone "
            "once, in one cycle."
        )
    _check_deadline(practice, cycle, "started")
    instrument = Instrument.objects.for_cycle(cycle)
    if instrument is None:
        raise TransitionError("No VaPCAT instrument has been published yet; ask an administrator.")
    milestone = MilestoneSubmission.objects.create(
        practice=practice, cycle=cycle, instrument=instrument, created_by=user
    )
    DomainRating.objects.bulk_create(
        DomainRating(milestone=milestone, domain=domain) for domain in instrument.domains.all()
    )
    ProcessSummary.objects.create(milestone=milestone)
    Risk.objects.bulk_create(Risk(milestone=milestone, position=position) for position in (1, 2))
    return milestone


def _check_deadline(practice, cycle, done):
    """Refuse starting or a first submit once the practice's due date in ``cycle`` (the
    cycle's, or the latest extension's) has passed."""
    due = deadlines.deadline(practice, cycle)
    if due.is_past(deadlines.today()):
        raise TransitionError(
            f"{practice.name}'s VBP milestone for {cycle.name} was due {due.describe(cycle)}; "
            f"after that date it can be {done} only with an extension, which an "
            "administrator grants on the practice's page."
        )


def allowed_actions(milestone, user, role=None):
    """The moves ``user`` could try on ``milestone`` now (for showing buttons).

    ``role``: the user's role in the practice, when the caller knows it already.
    """
    role = role or access.role_in(user, milestone.practice_id)
    return [
        name
        for name, move in MOVES.items()
        if role in move.roles and milestone.status in move.sources
    ]


def _lock(milestone):
    """Lock the milestone's row for the transaction; its status as stored now."""
    return (
        MilestoneSubmission.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=milestone.pk)
    )


def _move(milestone, user, name, note="", **fields):
    move = MOVES[name]
    seen, milestone.status = milestone.status, _lock(milestone)
    if milestone.status != seen:
        raise TransitionError(
            "Someone else changed this milestone's status a moment ago; it is now "
            f"{milestone.get_status_display().lower()}."
        )
    role = access.role_in(user, milestone.practice_id)
    if role not in move.roles:
        raise TransitionError(f"You may not {move.verb} this milestone.")
    if milestone.status not in move.sources:
        raise TransitionError(
            f"This milestone is {milestone.get_status_display().lower()}; "
            f"you cannot {move.verb} it now."
        )
    source = milestone.status
    now = timezone.now()
    # The conditional update makes two simultaneous moves from one status impossible.
    updated = MilestoneSubmission.objects.filter(pk=milestone.pk, status=source).update(
        status=move.target, updated_at=now, **fields
    )
    if not updated:
        milestone.refresh_from_db()
        raise TransitionError(
            "Someone else changed this milestone's status a moment ago; it is now "
            f"{milestone.get_status_display().lower()}."
        )
    Transition.objects.create(
        milestone=milestone, actor=user, from_status=source, to_status=move.target, note=note
    )
    milestone.refresh_from_db()
    return milestone


def milestone_submit(milestone, user, note=""):
    """Submit for review. Only a complete milestone may be submitted.

    Inside one transaction, with the milestone's row locked (content saves wait for it
    and then see the new status): check completeness, freeze the content, move the
    status. The PDF is rendered from the frozen content by a background task queued on
    commit, so the answer never waits for WeasyPrint; until the task has run, or if
    rendering fails, the submission stands and the PDF is rendered on first download.
    """
    with transaction.atomic():
        _lock(milestone)  # content saves wait from here until the commit
        problems = completeness.unmet_rules(milestone)
        if problems and milestone.status in MOVES["submit"].sources:
            raise TransitionError(
                f"The milestone is not complete yet: {len(problems)} "
                f"rule{'s are' if len(problems) != 1 else ' is'} still unmet."
            )
        if milestone.version == 0 and milestone.status in MOVES["submit"].sources:
            # The due date holds for the first submit; a resubmit answers the review.
            _check_deadline(milestone.practice, milestone.cycle, "submitted")
        now = timezone.now()
        milestone = _move(
            milestone, user, "submit", note, version=milestone.version + 1, submitted_at=now
        )
        snapshot = snapshot_freeze(milestone, user)
        notifications.notify_submitted(milestone, user)
        transaction.on_commit(
            lambda: snapshot_render_after_submit.enqueue(snapshot.pk), robust=True
        )
    return milestone


@transaction.atomic
def milestone_request_changes(milestone, user, note=""):
    """Send a submitted milestone back; needs at least one open review comment."""
    if (
        milestone.status == Status.SUBMITTED
        and not milestone.comments.filter(addressed_at__isnull=True).exists()
    ):
        raise TransitionError(
            "Add at least one comment saying what to change before requesting changes."
        )
    milestone = _move(milestone, user, "request_changes", note)
    notifications.notify_changes_requested(milestone, note, user)
    return milestone


@transaction.atomic
def milestone_accept(milestone, user, note=""):
    milestone = _move(milestone, user, "accept", note, accepted_at=timezone.now())
    notifications.notify_accepted(milestone, note, user)
    return milestone


@transaction.atomic
def milestone_reopen(milestone, user, reason):
    """An administrator reopens an accepted milestone; the reason is required."""
    if not (reason or "").strip():
        raise TransitionError("Give a reason for reopening this accepted milestone.")
    milestone = _move(milestone, user, "reopen", reason.strip(), accepted_at=None)
    notifications.notify_reopened(milestone, reason.strip(), user)
    return milestone


@transaction.atomic
def extension_grant(practice, cycle, due_on, reason, user):
    """An administrator gives ``practice`` until ``due_on`` in ``cycle``; recorded as a
    new Extension (the latest is the practice's due date)."""
    if access.role_in(user, practice.pk) != access.ADMIN:
        raise TransitionError("Only an administrator may grant an extension.")
    return Extension.objects.create(
        practice=practice, cycle=cycle, due_on=due_on, reason=reason, granted_by=user
    )


@transaction.atomic
def milestone_move(milestone, cycle, reason, user):
    """An administrator moves a milestone never submitted to ``cycle``: its content is
    kept, and the move is recorded as a transition with its reason."""
    if access.role_in(user, milestone.practice_id) != access.ADMIN:
        raise TransitionError("Only an administrator may move a milestone to another cycle.")
    _lock(milestone)
    milestone.refresh_from_db()
    if milestone.version > 0 or milestone.status != Status.DRAFT:
        raise TransitionError(
            f"This milestone is {milestone.get_status_display().lower()} and was submitted; "
            "only a milestone never submitted moves to another cycle."
        )
    if cycle.pk == milestone.cycle_id:
        raise TransitionError(f"This milestone is already in {cycle.name}.")
    source = milestone.cycle
    MilestoneSubmission.objects.filter(pk=milestone.pk).update(
        cycle=cycle, updated_at=timezone.now()
    )
    Transition.objects.create(
        milestone=milestone,
        actor=user,
        from_status=Status.DRAFT,
        to_status=Status.DRAFT,
        note=f"Moved from {source.name} to {cycle.name}: {reason}",
    )
    milestone.refresh_from_db()
    return milestone
