"""Cohort figures a practice may see beside its own: aggregates over the submitted
milestones of its cycle, never another practice's rows, and only once enough practices
have submitted that no single one can be read out of them."""

from dataclasses import dataclass
from statistics import median

from gap_analysis.models import DomainRating
from submissions.models import MilestoneSubmission

# Fewer submitted practices than this: no cohort figure is shown at all.
MIN_PRACTICES = 5
SUBMITTED = (MilestoneSubmission.Status.SUBMITTED, MilestoneSubmission.Status.ACCEPTED)


@dataclass(frozen=True)
class DomainBeside:
    code: str
    name: str
    maturity: int | None  # this practice's chosen maturity (gap analysis)
    cohort_median: float | None


def maturity_beside_cohort(milestone):
    """Per domain of ``milestone``: its chosen maturity and the median chosen maturity of
    the submitted milestones of its cycle; None while fewer than ``MIN_PRACTICES``
    practices of the cycle have submitted (two queries)."""
    ratings = DomainRating.objects.filter(
        milestone__cycle_id=milestone.cycle_id,
        milestone__status__in=SUBMITTED,
        maturity__isnull=False,
    ).values_list("milestone__practice_id", "domain__code", "maturity")
    by_domain, practices = {}, set()
    for practice_id, code, maturity in ratings:
        practices.add(practice_id)
        by_domain.setdefault(code, []).append(maturity)
    if len(practices) < MIN_PRACTICES:
        return None
    own = DomainRating.objects.filter(milestone=milestone).select_related("domain")
    return [
        DomainBeside(
            rating.domain.code,
            rating.domain.name,
            rating.maturity,
            median(by_domain[rating.domain.code]) if rating.domain.code in by_domain else None,
        )
        for rating in own
    ]
