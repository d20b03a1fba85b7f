"""Reading section B: each gap-analysis row beside its VaPCAT results, and the capabilities.

The VaPCAT side comes from ``assessments.selectors.consensus_summary`` (scores) and
``assessments.scoring`` (the suggestion); nothing here re-decides a score.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from assessments.scoring import gap_candidate_values, is_gap_candidate
from assessments.selectors import consensus_summary
from gap_analysis.models import Capability
from submissions.models import ReviewComment


@dataclass
class GapRow:
    rating: object
    results: object | None  # assessments.selectors.DomainResult, None if the domain has none
    candidates: list = field(default_factory=list)

    @property
    def domain(self):
        return self.rating.domain

    @property
    def has_results(self):
        """True once at least one item of the domain has a consensus score."""
        return self.results is not None and any(s is not None for s in self.results.scores)

    @property
    def suggestion(self):
        return self.results.suggested_maturity if self.has_results else None

    @property
    def level_counts(self):
        """[(the level's values, its meaning, count)] (``DomainResult.level_count_rows``)."""
        return self.results.level_count_rows if self.has_results else None

    @property
    def candidate_values(self):
        """The consensus scores of a candidate gap in words: "0 or 1" on ours."""
        return gap_candidate_values(self.results.scale) if self.results is not None else ""

    @property
    def section(self):
        """The review-comment section of this row."""
        return f"gap:{self.domain.code}"


def gap_candidates(domain_result):
    """The domain's items whose consensus score means not in place or minimal components
    in place (0 or 1 on ours), advanced (asterisk) items last.

    Items nobody has scored yet are not candidates: there is nothing to go on.
    """
    if domain_result is None:
        return []
    scale = domain_result.scale
    low = [result for result in domain_result.items if is_gap_candidate(result.score, scale)]
    return sorted(low, key=lambda result: result.item.advanced)


def ratings_of(milestone):
    """The five domain ratings in domain order, each with its domain."""
    return list(milestone.domain_ratings.select_related("domain"))


def gap_rows(milestone, summary=None, ratings=None):
    """The five rows in domain order, each with its VaPCAT results and candidate gaps."""
    summary = summary or consensus_summary(milestone)
    results = {result.domain.pk: result for result in summary.domains}
    rows = []
    for rating in ratings if ratings is not None else ratings_of(milestone):
        domain_result = results.get(rating.domain_id)
        rows.append(GapRow(rating, domain_result, gap_candidates(domain_result)))
    return rows


def capabilities_of(milestone):
    """The capabilities in position order, each with its action plan (if any) preloaded."""
    return list(Capability.objects.filter(milestone=milestone).select_related("domain", "plan"))


def candidate_for(rows, value):
    """The (row, candidate) named by an "add gap" button value ``"<domain>:<item code>"``."""
    domain_code, _, item_code = (value or "").partition(":")
    for row in rows:
        if row.domain.code != domain_code:
            continue
        for candidate in row.candidates:
            if candidate.item.code == item_code:
                return row, candidate
    return None


def comments_of(milestone):
    """The milestone's review comments, read once for a page, with who wrote and
    addressed each."""
    return list(
        ReviewComment.objects.filter(milestone=milestone).select_related("author", "addressed_by")
    )


def capability_to_remove(milestone, position):
    """The capability at ``position`` with its domain, its action plan (if any) and how
    many rows the plan holds, or None."""
    return (
        Capability.objects.filter(milestone=milestone, position=position)
        .select_related("domain", "plan")
        .annotate(
            activity_count=Count("plan__activities", distinct=True),
            key_decision_count=Count("plan__key_decisions", distinct=True),
            structural_change_count=Count("plan__structural_changes", distinct=True),
            indicator_count=Count("plan__indicators", distinct=True),
        )
        .first()
    )
