"""Counting a milestone's standing (``cohort.models.Standing``) and keeping it current.

``standing_refresh`` counts one milestone with the completeness check. Saves that change
what the board counts (a section, a move, a VaPCAT response, a consensus score) queue
``refresh_standing`` once their transaction commits (``cohort.signals``); the
``refresh_standings`` command counts every milestone again.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from assessments.models import Response
from cohort.models import Standing
from practices.models import Membership
from submissions import completeness
from submissions.models import MilestoneSubmission, SectionRevision, Transition

# A standing counted longer ago than this is shown with its "counted at" time.
STALE_AFTER_SECONDS = 15 * 60


def standing_refresh(milestone):
    """Count ``milestone``'s standing now and store it; returns the Standing."""
    unmet = {part.key: len(part.problems) for part in completeness.task_list(milestone)}
    responses = Response.objects.filter(milestone=milestone)
    askers = set(responses.values_list("respondent_id", flat=True))
    askers |= set(
        Membership.objects.filter(
            practice_id=milestone.practice_id, role=Membership.Role.RESPONDENT
        ).values_list("user_id", flat=True)
    )
    times = [
        milestone.updated_at,
        SectionRevision.objects.filter(milestone=milestone).aggregate(at=Max("updated_at"))["at"],
        Transition.objects.filter(milestone=milestone).aggregate(at=Max("at"))["at"],
        responses.aggregate(at=Max("submitted_at"))["at"],
    ]
    standing, _ = Standing.objects.update_or_create(
        milestone=milestone,
        defaults={
            "vapcat_unmet": unmet.get("vapcat", 0),
            "gap_analysis_unmet": unmet.get("gap_analysis", 0),
            "action_plan_unmet": unmet.get("action_plan", 0),
            "unmet": sum(unmet.values()),
            "respondents_submitted": responses.filter(status=Response.Status.SUBMITTED).count(),
            "respondents_invited": len(askers),
            "last_activity_at": max((at for at in times if at is not None), default=None),
            "counted_at": timezone.now(),
        },
    )
    return standing


@task()
def refresh_standing(milestone_id):
    milestone = (
        MilestoneSubmission.objects.select_related("practice", "cycle", "instrument")
        .filter(pk=milestone_id)
        .first()
    )
    if milestone is not None:  # deleted since
        standing_refresh(milestone)


def standing_refresh_after_commit(milestone_id):
    """Queue ``refresh_standing`` for the milestone once the current transaction commits
    (robust: a queue that cannot be reached never undoes the save)."""
    transaction.on_commit(lambda: refresh_standing.enqueue(milestone_id), robust=True)
