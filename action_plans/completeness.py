"""Part C's rules at completion: the process summary, the plan of each capability and
the two risks. The minimums and the target-month bounds come from
``action_plans.rules``; every problem links to the element on the part's pages that
fixes it (the same ids the editing forms and the read-only pages render).
"""

from django.db.models import Prefetch
from django.urls import reverse

from accounts.same_text import is_blank, repeats
from action_plans import rules, selectors
from action_plans.models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyDecision,
    Mitigation,
    ProcessSummary,
    Risk,
    StructuralChange,
)
from submissions.parts import Part, Problem

# The text that makes two rows of a list the same entry (``accounts.same_text``).
ROW_TEXT = {
    "activities": "description",
    "key_decisions": "description",
    "structural_changes": "description",
    "indicators": "name",
}

PROCESS_FIELDS = [
    ("overview", "give a brief overview of your activities and approach"),
    ("people_involved", "name the leadership and staff involved"),
    ("alignment", "describe how this aligns with other priorities"),
]


def process_problems(summary, url):
    return [
        Problem(f"Process summary: {action}.", f"{url}#id_{name}")
        for name, action in PROCESS_FIELDS
        if summary is None or is_blank(getattr(summary, name))
    ]


def minimum_message(label, minimum, count, repeated=0):
    """ "Capability 2 has 2 activities; at least 3 are required." With repeats, the
    count is of different entries: "Capability 2 has 2 different activities; ..." """
    noun = minimum.singular if count == 1 else minimum.plural
    verb = "is" if minimum.at_least == 1 else "are"
    different = "different " if repeated else ""
    return f"{label} has {count} {different}{noun}; at least {minimum.at_least} {verb} required."


def repeat_message(label, singular, index, earlier):
    """ "Capability 1, activity 3 repeats activity 1; ..." (1-based numbers)."""
    return (
        f"{label}, {singular} {index + 1} repeats {singular} {earlier + 1}; a repeat does not "
        "count toward the minimum. Make it a different entry or remove it."
    )


def _target_field(row):
    return "target_year" if row.target_month and not row.target_year else "target_month"


def plan_problems(capability, plan, rows, cycle, url):
    """Unmet rules of one capability's plan, in page order. ``plan`` is None before the
    first save; ``rows`` maps each relation to its stored rows in display order
    (``selectors.plan_rows``), so that "activity 3" is the third row on the page. Only
    different entries count toward a minimum; each repeat is flagged where it is."""
    label = f"Capability {capability.position}"
    minimums = {minimum.relation: minimum for minimum in rules.MINIMUMS}
    problems = []

    def unmet(message, anchor):
        problems.append(Problem(message, f"{url}#{anchor}"))

    def at_least(relation):
        minimum = minimums[relation]
        texts = [getattr(row, ROW_TEXT[relation]) for row in rows[relation]]
        repeated = repeats(texts)
        count = sum(1 for text in texts if not is_blank(text)) - len(repeated)
        if count < minimum.at_least:
            unmet(minimum_message(label, minimum, count, len(repeated)), relation)
        for index, earlier in repeated.items():
            unmet(
                repeat_message(label, minimum.singular, index, earlier),
                f"id_{relation}-{index}-{ROW_TEXT[relation]}",
            )

    def filled(name):
        return plan is not None and not is_blank(getattr(plan, name))

    if not filled("goals"):
        unmet(f"{label}: describe the goals.", "id_goals")
    at_least("activities")
    for index, activity in enumerate(rows["activities"]):
        error = rules.target_error(cycle, activity.target_month, activity.target_year)
        if error:
            unmet(
                f"{label}, activity {index + 1}: {error}.",
                f"id_activities-{index}-{_target_field(activity)}",
            )
    at_least("key_decisions")
    at_least("structural_changes")
    if not filled("process_manager"):
        unmet(f"{label}: say which staff will manage the process.", "id_process_manager")
    if not filled("other_staff"):
        unmet(f"{label}: say what other key staff will be involved.", "id_other_staff")
    if not filled("leadership_engagement"):
        unmet(f"{label}: say how you will engage leadership.", "id_leadership_engagement")
    if not filled("leadership_needs"):
        unmet(
            f"{label}: say what you need from leadership to be successful.",
            "id_leadership_needs",
        )
    at_least("indicators")
    for index, indicator in enumerate(rows["indicators"]):
        for message, field in indicator_problems(indicator, cycle):
            unmet(f"{label}, indicator {index + 1}: {message}.", f"id_indicators-{index}-{field}")
    return problems


def indicator_problems(indicator, cycle):
    """(message, field) for each rule the indicator does not meet. Both kinds are
    "specific and measurable": a numeric one by its target, a milestone by its date and
    how it will be verified."""
    problems = []
    if indicator.is_milestone:
        if is_blank(indicator.how_measured):
            problems.append(("say how it will be verified", "how_measured"))
        if indicator.baseline is not None or indicator.target is not None or indicator.unit:
            problems.append(
                (
                    "a milestone has no baseline, target or unit; clear them or make it a "
                    "numeric indicator",
                    "kind",
                )
            )
    else:
        if is_blank(indicator.how_measured):
            problems.append(("say how it is measured", "how_measured"))
        if indicator.target is None:
            problems.append(("give a numeric target", "target"))
    error = rules.target_error(cycle, indicator.target_month, indicator.target_year)
    if error:
        if indicator.is_milestone and error == "choose a completion month":
            error = "choose the month it is to be achieved by"
        problems.append((error, _target_field(indicator)))
    return problems


def risk_problems(risks, url):
    """The two risks' unmet rules; ``risks`` with their mitigations preloaded."""
    problems = []
    if len(risks) != rules.RISKS_REQUIRED:
        problems.append(
            Problem(
                f"You have {len(risks)} risks; exactly {rules.RISKS_REQUIRED} are required.",
                url,
            )
        )
    for risk in risks:
        label = f"Risk {risk.position}"
        prefix = f"risk-{risk.position}"
        if is_blank(risk.description):
            problems.append(
                Problem(f"{label}: describe the risk.", f"{url}#id_{prefix}-description")
            )
        if is_blank(risk.why_likely):
            problems.append(
                Problem(f"{label}: say why it is likely.", f"{url}#id_{prefix}-why_likely")
            )
        texts = [m.description for m in risk.mitigations.all()]
        if all(is_blank(text) for text in texts):
            problems.append(
                Problem(
                    f"{label} has no mitigation; at least 1 is required.",
                    f"{url}#{prefix}-mitigations",
                )
            )
        for index, earlier in repeats(texts).items():
            problems.append(
                Problem(
                    f"{label}, mitigation {index + 1} repeats mitigation {earlier + 1}; "
                    "make it a different strategy or remove it.",
                    f"{url}#id_{prefix}-mitigations-{index}-description",
                )
            )
    for index, earlier in repeats([risk.description for risk in risks]).items():
        later = risks[index]
        problems.append(
            Problem(
                f"Risk {later.position} repeats risk {risks[earlier].position}; the two most "
                "likely risks must be different.",
                f"{url}#id_risk-{later.position}-description",
            )
        )
    return problems


def problems_on(part, url):
    """The part's problems that are fixed on the page at ``url``."""
    return [problem for problem in part.problems if problem.url.split("#")[0] == url]


EMPTY_ROWS = {relation: [] for relation in selectors.ROW_RELATIONS}
ROW_MODELS = {
    "activities": Activity,
    "key_decisions": KeyDecision,
    "structural_changes": StructuralChange,
    "indicators": Indicator,
}


def _rows_by_plan(plans):
    """What ``plan_problems`` reads of each plan: its rows of each list in display order
    (four queries in all, however many capabilities)."""
    rows = {plan.pk: {relation: [] for relation in ROW_MODELS} for plan in plans}
    for relation, model in ROW_MODELS.items():
        for row in model.objects.filter(plan__in=list(rows)):
            rows[row.plan_id][relation].append(row)
    return rows


def part(milestone):
    process_url = reverse("action_plans:process", args=[milestone.pk])
    summary = ProcessSummary.objects.filter(milestone=milestone).first()
    problems = process_problems(summary, process_url)
    capabilities = selectors.capabilities_of(milestone)
    plans = {
        plan.capability_id: plan for plan in ActionPlan.objects.filter(capability__in=capabilities)
    }
    rows = _rows_by_plan(plans.values())
    for capability in capabilities:
        url = reverse("action_plans:capability", args=[milestone.pk, capability.position])
        plan = plans.get(capability.pk)
        plan_rows = rows[plan.pk] if plan else EMPTY_ROWS
        problems += plan_problems(capability, plan, plan_rows, milestone.cycle, url)
    risks = list(
        Risk.objects.filter(milestone=milestone).prefetch_related(
            Prefetch("mitigations", queryset=Mitigation.objects.order_by("pk"))
        )
    )
    problems += risk_problems(risks, reverse("action_plans:risks", args=[milestone.pk]))
    started = (
        bool(plans)
        or any(getattr(summary, name, "") for name, _ in PROCESS_FIELDS)
        or any(r.description for r in risks)
    )
    return Part(
        key="action_plan",
        letter="C",
        title="Action plan",
        url=process_url,
        problems=problems,
        started=started,
    )
