"""Review comments: sections they attach to, and reading them where they apply.

Section keys: "vapcat", "gap:<domain code>", "capabilities", "plan:<position>",
"process", "risks", "general".

Both writes lock the milestone's row and re-check its status inside their transaction:
a coach comments on a version waiting for review (submitted), and the practice marks a
comment addressed only while it may edit the milestone (``editing.lock_editable``), so
that nothing is addressed under the coach's eyes while the version is being reviewed.
"""

from django.db import transaction
from django.utils import timezone

from submissions.editing import lock_editable
from submissions.exceptions import TransitionError
from submissions.models import MilestoneSubmission, ReviewComment


def section_title(key):
    if key.startswith("gap:"):
        return f"Gap analysis, domain {key[4:]}"
    if key.startswith("plan:"):
        return f"Action plan, capability {key[5:]}"
    return {
        "vapcat": "VaPCAT",
        "capabilities": "The three capabilities",
        "process": "Process summary",
        "risks": "Risks and mitigations",
        "general": "General",
    }.get(key, key)


def comments_for(milestone, *sections):
    """The comments on ``sections`` (all sections when none is given), oldest first."""
    qs = ReviewComment.objects.filter(milestone=milestone).select_related("author", "addressed_by")
    if sections:
        qs = qs.filter(section__in=sections)
    return list(qs)


def sections_of(content):
    """The commentable sections of a snapshot, in template order, as (key, title)."""
    keys = ["vapcat"]
    keys += [f"gap:{row['code']}" for row in content["gap_analysis"]["rows"]]
    keys.append("capabilities")
    keys.append("process")
    keys += [f"plan:{plan['position']}" for plan in content["action_plan"]["plans"]]
    keys += ["risks", "general"]
    names = {row["code"]: row["name"] for row in content["gap_analysis"]["rows"]}
    titles = []
    for key in keys:
        title = section_title(key)
        if key.startswith("gap:"):
            title = f"Gap analysis · {names[key[4:]]}"
        titles.append((key, title))
    return titles


@transaction.atomic
def comment_add(milestone, user, section, body):
    """A coach's comment on ``section`` of the version waiting for review.

    Refused (``TransitionError``) once the milestone is no longer submitted, e.g. when
    another reviewer accepted it or requested changes a moment ago."""
    status, version = (
        MilestoneSubmission.objects.select_for_update()
        .values_list("status", "version")
        .get(pk=milestone.pk)
    )
    milestone.status, milestone.version = status, version
    if status != MilestoneSubmission.Status.SUBMITTED:
        raise TransitionError(
            f"This milestone is {milestone.get_status_display().lower()}; comments are added "
            "while a submitted version waits for review. Your comment was not added."
        )
    return ReviewComment.objects.create(
        milestone=milestone,
        section=section,
        body=body.strip(),
        author=user,
        version=version,
    )


@transaction.atomic
def comment_mark_addressed(comment, user):
    """The practice marks ``comment`` addressed: a write of the practice, refused while
    the milestone is submitted or accepted (``TransitionError``, read-only message)."""
    lock_editable(comment.milestone)
    now = timezone.now()
    # Only an open comment: of two people marking it at once, the first one is kept.
    ReviewComment.objects.filter(pk=comment.pk, addressed_at__isnull=True).update(
        addressed_at=now, addressed_by=user
    )
    comment.refresh_from_db(fields=["addressed_at", "addressed_by"])
    return comment


def review_queue(milestones):
    """Submitted milestones waiting for review, oldest submission first."""
    return milestones.filter(status=MilestoneSubmission.Status.SUBMITTED).order_by(
        "submitted_at", "pk"
    )
