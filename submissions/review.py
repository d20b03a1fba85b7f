"""Review comments: sections they attach to, and reading them where they apply.

Section keys: "vapcat", "gap:<domain code>", "capabilities", "plan:<position>",
"process", "risks", "general".
"""

from django.utils import timezone

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


def comment_add(milestone, user, section, body):
    return ReviewComment.objects.create(
        milestone=milestone,
        section=section,
        body=body.strip(),
        author=user,
        version=milestone.version,
    )


def comment_mark_addressed(comment, user):
    if comment.addressed_at is None:
        comment.addressed_at = timezone.now()
        comment.addressed_by = user
        comment.save(update_fields=["addressed_at", "addressed_by"])
    return comment


def review_queue(milestones):
    """Submitted milestones waiting for review, oldest submission first."""
    return milestones.filter(status=MilestoneSubmission.Status.SUBMITTED).order_by(
        "submitted_at", "pk"
    )
