"""Part A's rules: at least one respondent has submitted; every item has a consensus score."""

from django.urls import reverse

from assessments import selectors
from submissions.completeness import Part, Problem


def part(milestone):
    results_url = reverse("assessments:results", args=[milestone.pk])
    summary = selectors.consensus_summary(milestone)
    problems = []
    if not summary.submitted_responses:
        problems.append(
            Problem(
                "No respondent has submitted their VaPCAT answers yet.",
                reverse("assessments:respondents", args=[milestone.pk]),
            )
        )
    else:
        missing = [item for item in summary.items if item.score is None]
        for item in missing:
            problems.append(
                Problem(
                    f"VaPCAT item {item.item.code} has no consensus score.",
                    f"{results_url}#item-{item.item.code}",
                )
            )
    return Part(
        key="vapcat",
        letter="A",
        title="VaPCAT self-assessment",
        url=reverse("assessments:overview", args=[milestone.pk]),
        problems=problems,
        started=bool(summary.responses),
    )
