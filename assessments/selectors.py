"""Reading the VaPCAT of one milestone: per-item statistics, consensus, per-domain results.

Everything is computed from a fixed number of queries, whatever the number of items or
respondents, and handed to ``assessments.scoring`` for the rules.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from assessments import scoring
from assessments.models import Answer, ConsensusScore, Domain, Response


@dataclass
class ItemResult:
    item: object
    values: list
    stats: scoring.ItemStats
    override: ConsensusScore | None = None

    @property
    def score(self):
        """The consensus score: the lead's override, else the default from the answers."""
        if self.override is not None:
            return self.override.score
        return self.stats.default

    @property
    def is_overridden(self):
        return self.override is not None


@dataclass
class DomainResult:
    domain: object
    items: list = field(default_factory=list)

    @property
    def scores(self):
        return [result.score for result in self.items]

    @property
    def level_counts(self):
        return scoring.level_counts(self.scores)

    @property
    def suggested_maturity(self):
        return scoring.suggest_maturity(self.scores)

    @property
    def mean_score(self):
        scores = [s or 0 for s in self.scores]
        return sum(scores) / len(scores) if scores else 0


@dataclass
class Summary:
    responses: list
    submitted_responses: list
    domains: list

    @property
    def items(self):
        return [result for domain in self.domains for result in domain.items]

    @property
    def divergent_items(self):
        return [result for result in self.items if result.stats.divergent]


def instrument_domains(instrument):
    """The instrument's domains with their items, in order (two queries)."""
    return list(Domain.objects.filter(instrument=instrument).prefetch_related("items"))


def consensus_summary(milestone):
    domains = instrument_domains(milestone.instrument_id)
    responses = list(Response.objects.filter(milestone=milestone).select_related("respondent"))
    submitted = [r for r in responses if r.status == Response.Status.SUBMITTED]
    values = defaultdict(list)
    answers = Answer.objects.filter(response__in=[r.pk for r in submitted]).values_list(
        "item_id", "value", "dont_know"
    )
    for item_id, value, dont_know in answers:
        values[item_id].append(None if dont_know else value)
    overrides = {c.item_id: c for c in ConsensusScore.objects.filter(milestone=milestone)}
    results = []
    for domain in domains:
        domain_result = DomainResult(domain)
        for item in domain.items.all():
            item_values = values.get(item.pk, [])
            domain_result.items.append(
                ItemResult(
                    item, item_values, scoring.item_stats(item_values), overrides.get(item.pk)
                )
            )
        results.append(domain_result)
    return Summary(responses=responses, submitted_responses=submitted, domains=results)
