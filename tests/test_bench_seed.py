"""The capacity benchmark's program is what its docstring says: every milestone complete
enough to submit, so its "check your answers" and "submit" actions measure a real submit."""

from bench.seed import seed
from submissions.completeness import unmet_rules
from submissions.models import MilestoneSubmission


def test_every_benchmark_milestone_meets_every_rule_of_the_template(db):
    seed(2, "bench-password-2026")
    milestones = list(MilestoneSubmission.objects.all())
    assert len(milestones) == 2
    for milestone in milestones:
        assert [problem.message for problem in unmet_rules(milestone)] == []
