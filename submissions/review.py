"""Review comments: sections they attach to, and reading them where they apply.

Section keys: "vapcat", "gap:<domain code>", "capabilities", "plan:<position>",
"process", "risks", "general".
"""

from submissions.models import ReviewComment


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
