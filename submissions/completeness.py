"""The completeness check: every unmet rule of the whole milestone, in template order.

Each part of the milestone owns its rules in its own ``completeness`` module
(``assessments``, ``gap_analysis``, ``action_plans``); this module only gathers them
into the task list and the list that gates submission.
"""

from django.db.models import prefetch_related_objects

from action_plans import completeness as action_plan
from assessments import completeness as vapcat
from assessments.selectors import consensus_summary
from gap_analysis import completeness as gap_analysis
from gap_analysis.selectors import ratings_of


def parts(milestone):
    """The three parts of the milestone with their unmet rules (the task list)."""
    summary = consensus_summary(milestone)
    ratings = ratings_of(milestone)
    task_parts = [vapcat.part(milestone, summary), gap_analysis.part(milestone, ratings)]
    task_parts.append(action_plan.part(milestone))
    task_parts[1].warnings = gap_analysis.warnings(milestone, summary, ratings)
    return task_parts


def task_list(milestone):
    """``parts(milestone)`` for the milestone page."""
    prefetch_related_objects([milestone], "capabilities")
    return parts(milestone)


def unmet_rules(milestone):
    return [problem for part in parts(milestone) for problem in part.problems]
