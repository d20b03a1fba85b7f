"""Part A's rules: at least one respondent has submitted; every item has a consensus score.

Each problem links to the results page, which leads, coaches and administrators can all
open: its ``#respondents`` section and each item's row ``#item-<code>``.
"""

from django.urls import reverse

from assessments import selectors
from submissions.parts import Part, Problem


def part(milestone, summary=None):
    """``summary``: the milestone's consensus summary, when the caller has it already."""
    results_url = reverse("assessments:results", args=[milestone.pk])
    summary = summary or selectors.consensus_summary(milestone)
    problems = []
    if not summary.submitted_responses:
        in_progress = len(summary.responses)
        detail = (
            f" {in_progress} {'person is' if in_progress == 1 else 'people are'} still answering."
            if in_progress
            else " Invite respondents, or answer it yourself."
        )
        problems.append(
            Problem(
                "No respondent has submitted their VaPCAT answers yet." + detail,
                f"{results_url}#respondents",
            )
        )
    else:
        for item in summary.items:
            if item.score is None:
                problems.append(
                    Problem(
                        f"VaPCAT item {item.item.code} has no consensus score: nobody who "
                        "submitted answered it.",
                        f"{results_url}#item-{item.item.code}",
                    )
                )
    return Part(
        key="vapcat",
        letter="A",
        title="VaPCAT self-assessment",
        # The results page, not the questionnaire: coaches read the task list too.
        url=results_url,
        problems=problems,
        started=bool(summary.responses),
    )
