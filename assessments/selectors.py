"""Reading the VaPCAT of one milestone: one person's questionnaire, the respondents and
where each stands, per-item statistics, consensus and per-domain results.

Everything is computed from a fixed number of queries, whatever the number of items or
respondents, and handed to ``assessments.scoring`` for the rules.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.db.models import Count, Prefetch, Q

from assessments import scoring
from assessments.models import Answer, ConsensusScore, Domain, Item, Response
from assessments.scale import MEANING_LABELS, Scale
from practices.models import Membership
from submissions import access
from submissions.models import ReviewComment

# The value of the "don't know" radio button; the scale's values are sent as themselves.
DONT_KNOW_KEY = "dk"


# The instrument ------------------------------------------------------------------


def instrument_domains(instrument):
    """The instrument's domains with their items, in order.

    An instrument's content never changes under the same source file: ``load_instrument``
    refuses to change a version in use and gives a replaced one a new source hash, and
    the admin site shows domains and items read-only. So each process reads them once
    (two queries) per instrument id, source hash and load time. The objects are shared:
    read them, never change them.
    """
    return _domains(instrument.pk, instrument.source_sha256, instrument.loaded_at)


@lru_cache(maxsize=32)
def _domains(instrument_id, source_sha256, loaded_at):
    return tuple(
        Domain.objects.filter(instrument_id=instrument_id)
        .order_by("order")
        .prefetch_related(Prefetch("items", queryset=Item.objects.order_by("order")))
    )


def instrument_items(domains):
    return [item for domain in domains for item in domain.items.all()]


def scale_choices(instrument):
    """The answer scale as (key, label) pairs: its values lowest first ("0"-"3" on ours),
    then "dk" for don't know."""
    points = sorted(instrument.scale, key=lambda p: (p["value"] is None, p["value"] or 0))
    return [(value_key(p["value"], p["value"] is None), p["label"]) for p in points]


def answer_choices(instrument):
    """The radio buttons of an item: ("0", "0 · Not in place") ... ("dk", "Don't know")."""
    return [
        (key, label if key == DONT_KNOW_KEY else f"{key} · {label}")
        for key, label in scale_choices(instrument)
    ]


def score_choices(instrument):
    """The consensus scores (the scale's values) as (key, label), without "don't know"."""
    return [(key, label) for key, label in scale_choices(instrument) if key != DONT_KNOW_KEY]


def value_key(value, dont_know):
    """How one answer is sent by the form: its value ("0"-"3" on ours), "dk", or "" when
    unanswered."""
    if dont_know:
        return DONT_KNOW_KEY
    return "" if value is None else str(value)


# One person's questionnaire -----------------------------------------------------


# Leads answer as one of the respondents; administrators and coaches never answer.
ANSWERING_ROLES = (access.LEAD, access.RESPONDENT)


def may_answer(user, milestone):
    return access.role_in(user, milestone.practice_id) in ANSWERING_ROLES


def item_by_code(milestone, code):
    """One item of the milestone's instrument version, or None.

    ``code`` comes straight from a URL or a POST: one no item could have is None before
    it reaches the database (PostgreSQL refuses a NUL character with an error).
    """
    if not code or len(code) > Item._meta.get_field("code").max_length or "\x00" in code:
        return None
    return Item.objects.filter(domain__instrument=milestone.instrument_id, code=code).first()


@dataclass
class QuestionSection:
    domain: Domain
    rows: list

    @property
    def answered(self):
        return sum(1 for row in self.rows if row["answered"])

    @property
    def total(self):
        return len(self.rows)


@dataclass
class Questionnaire:
    response: Response | None
    sections: list

    @property
    def rows(self):
        return [row for section in self.sections for row in section.rows]

    @property
    def answered(self):
        return sum(section.answered for section in self.sections)

    @property
    def total(self):
        return sum(section.total for section in self.sections)

    @property
    def unanswered(self):
        return [row for row in self.rows if not row["answered"]]

    @property
    def is_submitted(self):
        return self.response is not None and self.response.status == Response.Status.SUBMITTED


def own_response(milestone, user):
    return Response.objects.filter(milestone=milestone, respondent=user).first()


def stored_answers(response):
    """{item_id: (value key, comment)} of a response (one query; none without a response)."""
    if response is None:
        return {}
    return {
        item_id: (value_key(value, dont_know), comment)
        for item_id, value, dont_know, comment in response.answers.values_list(
            "item_id", "value", "dont_know", "comment"
        )
    }


def questionnaire(milestone, response, domains, answers, forms=None):
    """The questionnaire's rows from ``answers`` ({item_id: (value key, comment)}).

    ``answers`` is what is stored, or what was typed when a save is shown again;
    ``forms`` ({item_id: AnswerForm}) are the fields of an editable questionnaire.
    """
    labels = dict(answer_choices(milestone.instrument))
    forms = forms or {}
    sections = [
        QuestionSection(
            domain,
            [
                _question_row(item, labels, *answers.get(item.pk, ("", "")), forms.get(item.pk))
                for item in domain.items.all()
            ],
        )
        for domain in domains
    ]
    return Questionnaire(response=response, sections=sections)


def _question_row(item, labels, key, comment, form):
    """One item, ready for a plain template loop.

    Rows are dicts: the template engine tries a key lookup before an attribute, and the
    page loops over 30-odd of them.
    """
    return {
        "item": item,
        "code": item.code,
        "text": item.text,
        "help": item.help,
        "advanced": item.advanced,
        "answered": bool(key),
        "answer_label": labels.get(key, ""),
        "comment": comment,
        "form": form,
    }


# Respondents ------------------------------------------------------------------------


@dataclass
class RespondentStatus:
    user: object
    role: str | None  # None: no longer a member, but their answers still count
    response: Response | None
    answered: int
    total: int

    @property
    def status(self):
        if self.response is None:
            return "not started"
        if self.response.status == Response.Status.SUBMITTED:
            return "submitted"
        return "in progress"

    @property
    def role_label(self):
        if self.role is None:
            return "Former member"
        return Membership.Role(self.role).label


def respondent_statuses(milestone):
    """Every lead and respondent of the practice, and anyone else who answered, with
    how far they are (three queries)."""
    total = Item.objects.filter(domain__instrument=milestone.instrument_id).count()
    answered = Q(answers__dont_know=True) | Q(answers__value__isnull=False)
    responses = {
        response.respondent_id: response
        for response in Response.objects.filter(milestone=milestone)
        .select_related("respondent")
        .annotate(answered=Count("answers", filter=answered))
    }
    memberships = Membership.objects.filter(
        practice=milestone.practice_id,
        role__in=[Membership.Role.LEAD, Membership.Role.RESPONDENT],
    ).select_related("user")
    rows = []
    for membership in memberships:
        response = responses.pop(membership.user_id, None)
        rows.append(_status(membership.user, membership.role, response, total))
    for response in responses.values():
        rows.append(_status(response.respondent, None, response, total))
    return rows


def _status(user, role, response, total):
    return RespondentStatus(
        user=user,
        role=role,
        response=response,
        answered=response.answered if response is not None else 0,
        total=total,
    )


# Results -------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: object
    values: list
    stats: scoring.ItemStats
    scale: Scale
    override: ConsensusScore | None = None
    # Set by the results page for those who may change it: this item's ConsensusForm,
    # open when it was refused and is shown again.
    form: object = None
    form_open: bool = False

    @property
    def score(self):
        """The consensus score: the lead's override, else the default from the answers."""
        if self.override is not None:
            return self.override.score
        return self.stats.default

    @property
    def is_overridden(self):
        return self.override is not None

    @property
    def value_counts(self):
        """[(answer, how many)] of the answers given, lowest value first, then None for
        don't know."""
        order = [*self.scale.values, None]
        return [(v, self.values.count(v)) for v in order if v in self.values]

    @property
    def needs_settling(self):
        """Listed first on the results page: respondents disagree, or nobody knew."""
        return self.stats.divergent or self.stats.all_dont_know


@dataclass
class DomainResult:
    domain: object
    scale: Scale
    items: list = field(default_factory=list)

    @property
    def scores(self):
        return [result.score for result in self.items]

    @property
    def level_counts(self):
        return scoring.level_counts(self.scores, self.scale)

    @property
    def level_count_rows(self):
        """[(the level's values, its meaning, count)] in the rubric's order, for templates:
        ("0", "Not in place", 2) on ours, ("1-2", "Not in place", 2) on a 1-10 scale."""
        return [
            (self.scale.describe_meaning(meaning), MEANING_LABELS[meaning], count)
            for meaning, count in self.level_counts.items()
        ]

    @property
    def has_scores(self):
        """True once any item of the domain has a consensus score."""
        return any(score is not None for score in self.scores)

    @cached_property
    def maturity(self):
        """Rule 2's whole reading (``assessments.scoring.maturity``), naming the items."""
        return scoring.maturity(
            self.scores, self.scale, [result.item.code for result in self.items]
        )

    @property
    def suggested_maturity(self):
        return self.maturity.level

    @property
    def maturity_reason(self):
        return self.maturity.reason

    @property
    def maturity_held_back(self):
        return self.maturity.held_back

    @property
    def mean_score(self):
        """The mean consensus score (an item nobody answered as the scale's lowest value);
        None before any score."""
        if not self.has_scores:
            return None
        scores = [self.scale.lowest if s is None else s for s in self.scores]
        return sum(scores) / len(scores)


@dataclass
class Summary:
    responses: list
    submitted_responses: list
    domains: list
    scale: Scale

    @property
    def items(self):
        return [result for domain in self.domains for result in domain.items]

    @property
    def has_scores(self):
        """False until a respondent has submitted (or the lead set a score): no numbers."""
        return any(domain.has_scores for domain in self.domains)

    @property
    def levels(self):
        """The rubric levels of the scale, in order, as the snapshot stores them: each
        level's values ("0" or "8-10": the key of ``level_counts``), meaning and label."""
        return [
            {
                "value": self.scale.describe_meaning(meaning),
                "meaning": meaning,
                "label": MEANING_LABELS[meaning],
            }
            for meaning in scoring.levels(self.scale)
        ]

    @property
    def score_range(self):
        """(lowest, highest) of the answer scale: the chart's score axis."""
        return (self.scale.lowest, self.scale.highest)

    @property
    def divergent_items(self):
        return [result for result in self.items if result.stats.divergent]

    @property
    def items_to_settle(self):
        return [result for result in self.items if result.needs_settling]


def responses_of(milestone):
    """Every questionnaire of the milestone with its respondent, submitted or not."""
    return list(Response.objects.filter(milestone=milestone).select_related("respondent"))


def consensus_summary(milestone):
    """Every item's answers, statistics and consensus, per domain (six queries).

    Only submitted responses count: answers still being written are not results.
    """
    domains = instrument_domains(milestone.instrument)
    responses = responses_of(milestone)
    submitted = [r for r in responses if r.status == Response.Status.SUBMITTED]
    answers = Answer.objects.filter(response__in=[r.pk for r in submitted])
    overrides = ConsensusScore.objects.filter(milestone=milestone)
    scale = Scale.of(milestone.instrument)
    results = _domain_results(domains, answers, overrides, scale)
    return Summary(responses=responses, submitted_responses=submitted, domains=results, scale=scale)


def domain_result(milestone, domain):
    """One domain's results as ``consensus_summary`` reads them, in two queries (its
    submitted answers and its consensus overrides), for pages about that domain alone."""
    answers = Answer.objects.filter(
        response__milestone=milestone,
        response__status=Response.Status.SUBMITTED,
        item__domain=domain,
    )
    overrides = ConsensusScore.objects.filter(milestone=milestone, item__domain=domain)
    return _domain_results([domain], answers, overrides, Scale.of(milestone.instrument))[0]


def _domain_results(domains, answers, overrides, scale):
    """A ``DomainResult`` per domain from the submitted ``answers`` and the ``overrides``
    (querysets, read once each)."""
    values = defaultdict(list)
    for item_id, value, dont_know in answers.values_list("item_id", "value", "dont_know"):
        if dont_know or value is not None:  # a comment without an answer is no answer
            values[item_id].append(None if dont_know else value)
    overrides = {c.item_id: c for c in overrides}
    results = []
    for domain in domains:
        result = DomainResult(domain, scale)
        for item in domain.items.all():
            item_values = values.get(item.pk, [])
            result.items.append(
                ItemResult(
                    item,
                    item_values,
                    scoring.item_stats(item_values, scale),
                    scale,
                    overrides.get(item.pk),
                )
            )
        results.append(result)
    return results


# The chart ---------------------------------------------------------------------


def chart_rows(summary):
    """The chart's plain data: (domain name, mean consensus score, suggested maturity)."""
    return [
        (
            d.domain.name,
            None if d.mean_score is None else round(d.mean_score, 2),
            d.suggested_maturity,
        )
        for d in summary.domains
    ]


# Review -----------------------------------------------------------------------


def vapcat_comments(milestone):
    """The coach's comments on the VaPCAT, oldest first."""
    return list(
        ReviewComment.objects.filter(milestone=milestone, section="vapcat").select_related(
            "author", "addressed_by"
        )
    )
