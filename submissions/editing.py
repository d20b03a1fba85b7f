"""Writing a milestone's content: only while the practice may still change it.

Every content write runs inside a transaction and calls ``lock_editable`` first: it
locks the milestone's row and reads its status again, so a save that races a submit
either lands before the submit freezes the snapshot or is refused after it.
"""

from submissions.exceptions import TransitionError
from submissions.models import MilestoneSubmission


def ensure_editable(milestone):
    """Submitted and accepted milestones are read-only for the practice."""
    if not milestone.is_editable:
        raise TransitionError(
            f"This milestone is {milestone.get_status_display().lower()}, so it is read-only; "
            "nothing was saved."
        )


def lock_editable(milestone):
    """Lock ``milestone``'s row for this transaction, re-read its status and refuse the
    write (``TransitionError``) when it is no longer editable. Call it inside
    ``transaction.atomic``; ``milestone.status`` is refreshed."""
    milestone.status = (
        MilestoneSubmission.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=milestone.pk)
    )
    ensure_editable(milestone)
    return milestone
