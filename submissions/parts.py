"""The types every part of the milestone reports its rules in: a ``Part`` of the task
list and the ``Problem``s (unmet rules) it holds.

Part of the core of ``submissions``: the parts (``assessments``, ``gap_analysis``,
``action_plans``) import it; it imports none of them.
"""

from dataclasses import dataclass, field


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
