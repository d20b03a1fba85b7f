"""Reads of part C: a capability and its plan, the two risks, the catalogue's suggestions
for a capability (ranked by the VaPCAT items behind it) and for the risks, the coach's
comments, and "what is stored now" when a save is refused as stale."""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from accounts.same_text import is_blank, same_text_key
from action_plans import catalogue
from action_plans.models import ActionPlan, ProcessSummary, Risk
from assessments.selectors import domain_result, instrument_domains
from gap_analysis.models import Capability, DomainRating
from gap_analysis.selectors import gap_candidates
from submissions.models import ReviewComment

ROW_RELATIONS = ("activities", "key_decisions", "structural_changes", "indicators")


def capabilities_of(milestone):
    """The milestone's capabilities in order, with their domains; read once per
    milestone object (a page's rules, navigation and heading share them)."""
    prefetch_related_objects(
        [milestone],
        Prefetch("capabilities", queryset=Capability.objects.select_related("domain")),
    )
    return list(milestone.capabilities.all())


def capability_for(milestone, position):
    """The capability at ``position`` (1-3) of the milestone; 404 when there is none."""
    for capability in capabilities_of(milestone):
        if capability.position == position:
            return capability
    raise Http404


def plan_for(capability, with_rows=False):
    """The capability's plan (None before its first save); ``with_rows`` loads its rows."""
    plans = ActionPlan.objects.filter(capability=capability)
    if with_rows:
        plans = plans.prefetch_related(*ROW_RELATIONS)
    return plans.first()


def plan_rows(plan):
    """Stored rows per relation, in display order (empty lists before the first save)."""
    if plan is None:
        return {relation: [] for relation in ROW_RELATIONS}
    return {relation: list(getattr(plan, relation).all()) for relation in ROW_RELATIONS}


def comments_of(milestone):
    """The coach's comments on the milestone, oldest first, with their authors: read
    once per page, which picks its sections' comments from them."""
    comments = ReviewComment.objects.filter(milestone=milestone)
    return list(comments.select_related("author", "addressed_by"))


def process_summary_for(milestone):
    """The process summary (created with the milestone; unsaved if it is missing)."""
    summary = ProcessSummary.objects.filter(milestone=milestone).first()
    return summary or ProcessSummary(milestone=milestone)


def risks_for(milestone):
    """The milestone's two risks (created with the milestone) with their mitigations."""
    risks = Risk.objects.filter(milestone=milestone).order_by("position")
    return list(risks.prefetch_related("mitigations"))


@dataclass(frozen=True)
class Gap:
    """A VaPCAT item behind a capability: named by the practice as a gap of the domain, or
    scored low there."""

    item: object
    score: int | None
    named: bool

    @property
    def reason(self):
        if self.named:
            return "named in your gap analysis"
        return f"consensus score {self.score}"


def capability_gaps(capability):
    """The VaPCAT items behind the capability, most pressing first: the items of its
    domain whose wording the practice put in the domain's "specific capability gaps" or in
    the capability itself, then the gap analysis's candidates (``gap_candidates``: scored
    not in place or minimal), each lowest score first and advanced (asterisk) items last.

    Three queries: the domain's submitted answers and consensus overrides
    (``assessments.selectors.domain_result``), and its gap row.
    """
    milestone = capability.milestone
    domain = next(
        (d for d in instrument_domains(milestone.instrument) if d.pk == capability.domain_id),
        None,
    )
    if domain is None:
        return []
    result = domain_result(milestone, domain)
    stated_gaps = (
        DomainRating.objects.filter(milestone=milestone, domain_id=domain.pk)
        .values_list("gaps", flat=True)
        .first()
    )
    stated = same_text_key("\n".join([stated_gaps or "", capability.name, capability.why_priority]))
    candidates = {id(r) for r in gap_candidates(result)}
    gaps = []
    for r in result.items:
        key = same_text_key(r.item.text)
        named = bool(key) and key in stated
        if named or id(r) in candidates:
            gaps.append(Gap(r.item, r.score, named))
    return sorted(
        gaps,
        key=lambda g: (not g.named, g.score if g.score is not None else 0, g.item.advanced),
    )


def suggestions_for(capability, rows, gaps=()):
    """The catalogue's activities and indicators offered for the capability: serving its
    domain and its practice's organisation type, those addressing its ``gaps`` (from
    ``capability_gaps``) first. Each is (``catalogue.Ranked``, in_plan: the plan already
    has a row of the same text)."""
    if capability.domain is None:
        return [], []
    code = capability.domain.code
    organisation_type = capability.milestone.practice.organisation_type
    gap_codes = [gap.item.code for gap in gaps]
    have_activities = {same_text_key(row.description) for row in rows["activities"]}
    have_indicators = {same_text_key(row.name) for row in rows["indicators"]}
    activities = catalogue.ranked(catalogue.activities_for(code, organisation_type), gap_codes)
    indicators = catalogue.ranked(catalogue.indicators_for(code, organisation_type), gap_codes)
    return (
        [(r, same_text_key(r.suggestion.text) in have_activities) for r in activities],
        [(r, same_text_key(r.suggestion.name) in have_indicators) for r in indicators],
    )


def suggestion_for(capability, code):
    """The suggestion ``code`` if it is offered for the capability (its domain and its
    practice's organisation type), else None."""
    if capability.domain is None:
        return None
    suggestion = catalogue.activity(code) or catalogue.indicator(code)
    if suggestion is None or capability.domain.code not in suggestion.domains:
        return None
    if not suggestion.offered_to(capability.milestone.practice.organisation_type):
        return None
    return suggestion


def risk_suggestions_for(risks):
    """The catalogue's suggested risks, each with whether one of ``risks`` already says
    it, as [(suggestion, in_plan), ...]."""
    have = {same_text_key(risk.description) for risk in risks}
    return [(s, same_text_key(s.risk) in have) for s in catalogue.catalogue().risks]


def risk_room(risks):
    """True while one of the stored ``risks`` is still empty: a suggestion can fill it."""
    return any(is_blank(r.description) and is_blank(r.why_likely) for r in risks)


# --- what is stored now (shown beside a refused stale save) ----------------------------


def stored_process(milestone):
    summary = process_summary_for(milestone)
    return [
        ("Overview of activities and approach", summary.overview),
        ("Leadership and staff involved", summary.people_involved),
        ("Alignment with other priorities", summary.alignment),
    ]


def _lines(rows, describe):
    return "\n".join(f"{number}. {describe(row)}" for number, row in enumerate(rows, start=1))


def stored_plan(capability):
    plan = plan_for(capability, with_rows=True)
    if plan is None:
        return [("Plan", "Not saved yet.")]
    rows = plan_rows(plan)
    return [
        ("Goals", plan.goals),
        (
            "Major activities",
            _lines(rows["activities"], lambda a: f"{a.target_label}: {a.description}"),
        ),
        ("Key decisions", _lines(rows["key_decisions"], lambda d: d.description)),
        (
            "Structural changes",
            _lines(
                rows["structural_changes"],
                lambda c: f"{c.get_category_display()}: {c.description}",
            ),
        ),
        ("Who will manage the process", plan.process_manager),
        ("Other key staff involved", plan.other_staff),
        ("How leadership will be engaged", plan.leadership_engagement),
        ("What is needed from leadership", plan.leadership_needs),
        (
            "Indicators",
            _lines(
                rows["indicators"],
                lambda i: (
                    f"{i.name} — target {i.target if i.target is not None else '?'} "
                    f"{i.unit} by {i.target_label}"
                ),
            ),
        ),
    ]


def stored_risks(milestone):
    pairs = []
    for risk in Risk.objects.filter(milestone=milestone).prefetch_related("mitigations"):
        pairs += [
            (f"Risk {risk.position}", risk.description),
            (f"Risk {risk.position}: why it is likely", risk.why_likely),
            (
                f"Risk {risk.position}: mitigations",
                _lines(risk.mitigations.all(), lambda m: m.description),
            ),
        ]
    return pairs
