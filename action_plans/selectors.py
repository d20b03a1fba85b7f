"""Reads of part C: a capability and its plan, the two risks, the catalogue's suggestions
for a capability, the coach's comments, and "what is stored now" when a save is refused
as stale."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from action_plans import catalogue
from action_plans.models import ActionPlan, ProcessSummary, Risk
from gap_analysis.models import Capability
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


def suggestions_for(capability, rows):
    """The catalogue's activities and indicators for the capability's domain, each with
    whether the plan already has it (same text), as [(suggestion, in_plan), ...]."""
    if capability.domain is None:
        return [], []
    code = capability.domain.code
    have_activities = {row.description.strip() for row in rows["activities"]}
    have_indicators = {row.name.strip() for row in rows["indicators"]}
    return (
        [(s, s.text in have_activities) for s in catalogue.activities_for(code)],
        [(s, s.name in have_indicators) for s in catalogue.indicators_for(code)],
    )


def suggestion_for(capability, code):
    """The suggestion ``code`` if it is offered for the capability's domain, else None."""
    if capability.domain is None:
        return None
    suggestion = catalogue.activity(code) or catalogue.indicator(code)
    if suggestion is None or capability.domain.code not in suggestion.domains:
        return None
    return suggestion


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
