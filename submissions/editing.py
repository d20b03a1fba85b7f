"""Writing a milestone's content: only while the practice may still change it.

Every content write runs inside a transaction and calls ``lock_editable`` first: a
conditional UPDATE of the milestone's row that matches only while it is editable. The
UPDATE takes the row's write lock (on SQLite, the database's), so a save that races a
submit waits for the submit's transaction and then finds the milestone submitted: it
either lands before the submit freezes the snapshot or is refused after it.
"""

from django.utils import timezone

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
    """Lock ``milestone``'s row for this transaction and refuse the write
    (``TransitionError``) unless it is still editable. Call it inside
    ``transaction.atomic``, before the write; ``milestone.status`` is refreshed."""
    editable = MilestoneSubmission.objects.filter(
        pk=milestone.pk, status__in=MilestoneSubmission.EDITABLE
    )
    if not editable.update(updated_at=timezone.now()):
        milestone.status = MilestoneSubmission.objects.values_list("status", flat=True).get(
            pk=milestone.pk
        )
        ensure_editable(milestone)
    return milestone
