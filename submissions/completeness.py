"""The completeness check: every unmet rule of the whole milestone, in template order.

Each part of the milestone owns its rules in its own ``completeness`` module
(``assessments``, ``gap_analysis``, ``action_plans``); this module only gathers them
into the task list and the list that gates submission.
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from submissions.stamps import kept


@dataclass(frozen=True)
class Problem:
    """One unmet rule: what is wrong, and the page (with anchor) where it is fixed."""

    message: str
    url: str


@dataclass
class Part:
    key: str
    letter: str
    title: str
    url: str
    problems: list = field(default_factory=list)
    started: bool = False
    # Advice that never blocks submission (e.g. a maturity far from the suggestion).
    warnings: list = field(default_factory=list)

    @property
    def status(self):
        if not self.problems:
            return "complete"
        return "in progress" if self.started else "not started"


def parts(milestone):
    """The three parts of the milestone with their unmet rules (the task list)."""
    from action_plans import completeness as action_plan
    from assessments import completeness as vapcat
    from assessments.selectors import consensus_summary
    from gap_analysis import completeness as gap_analysis
    from gap_analysis.selectors import ratings_of

    summary = consensus_summary(milestone)
    ratings = ratings_of(milestone)
    task_parts = [vapcat.part(milestone, summary), gap_analysis.part(milestone, ratings)]
    task_parts.append(action_plan.part(milestone))
    task_parts[1].warnings = gap_analysis.warnings(milestone, summary, ratings)
    return task_parts


def task_list(milestone):
    """``parts(milestone)`` for showing, kept until the content changes
    (``stamps.kept``). Submitting checks ``unmet_rules``, always computed afresh."""

    def compute():
        prefetch_related_objects([milestone], "capabilities")
        return parts(milestone)

    return kept(milestone, compute, "task-list")


def unmet_rules(milestone):
    return [problem for part in parts(milestone) for problem in part.problems]
