"""The completeness check: every unmet rule of the whole milestone, in template order.

Each part of the milestone owns its rules in its own ``completeness`` module
(``assessments``, ``gap_analysis``, ``action_plans``); this module only gathers them
into the task list and the list that gates submission.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import prefetch_related_objects

# How long a task list is kept unread; a new stamp makes a new one anyway.
TASK_LIST_SECONDS = 60 * 60


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
    """``parts(milestone)`` for showing: kept under the milestone's content stamp
    (``submissions/stamps.py``) and whatever else its rules read, the cycle's dates and
    the instrument. Submitting checks ``unmet_rules``, always computed afresh."""
    cycle, instrument = milestone.cycle, milestone.instrument
    read = (
        milestone.pk,
        milestone.content_stamp,
        *(getattr(cycle, field.attname) for field in cycle._meta.concrete_fields),
        instrument.pk,
        instrument.source_sha256,
        instrument.loaded_at,
    )
    key = "task-list:" + hashlib.sha256(repr(read).encode()).hexdigest()
    task_parts = cache.get(key)
    if task_parts is None:
        prefetch_related_objects([milestone], "capabilities")
        task_parts = parts(milestone)
        cache.set(key, task_parts, TASK_LIST_SECONDS)
    return task_parts


def unmet_rules(milestone):
    return [problem for part in parts(milestone) for problem in part.problems]
