"""Part C's rules at completion: the process summary, the plan of each capability and
the two risks. The minimums and the target-month bounds come from
``action_plans.rules``; every problem links to the element on the part's pages that
fixes it (the same ids the editing forms and the read-only pages render).
"""

from django.db.models import Count
from django.urls import reverse

from action_plans import rules, selectors
from action_plans.models import ActionPlan, Activity, Indicator, ProcessSummary, Risk
from submissions.parts import Part, Problem

PROCESS_FIELDS = [
    ("overview", "give a brief overview of your activities and approach"),
    ("people_involved", "name the leadership and staff involved"),
    ("alignment", "describe how this aligns with other priorities"),
]


def process_problems(summary, url):
    return [
        Problem(f"Process summary: {action}.", f"{url}#id_{name}")
        for name, action in PROCESS_FIELDS
        if summary is None or not getattr(summary, name).strip()
    ]


def minimum_message(label, minimum, count):
    """ "Capability 2 has 2 activities; at least 3 are required." """
    noun = minimum.singular if count == 1 else minimum.plural
    verb = "is" if minimum.at_least == 1 else "are"
    return f"{label} has {count} {noun}; at least {minimum.at_least} {verb} required."


def _target_field(row):
    return "target_year" if row.target_month and not row.target_year else "target_month"


def plan_problems(capability, plan, rows, cycle, url):
    """Unmet rules of one capability's plan, in page order. ``plan`` is None before the
    first save; ``rows`` maps each relation to its stored rows in display order
    (``selectors.plan_rows``), so that "activity 3" is the third row on the page. Key
    decisions and structural changes are only counted: any sequence of their length does."""
    label = f"Capability {capability.position}"
    minimums = {minimum.relation: minimum for minimum in rules.MINIMUMS}
    problems = []

    def unmet(message, anchor):
        problems.append(Problem(message, f"{url}#{anchor}"))

    def at_least(relation):
        count = len(rows[relation])
        if count < minimums[relation].at_least:
            unmet(minimum_message(label, minimums[relation], count), relation)

    def filled(name):
        return plan is not None and getattr(plan, name).strip()

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
        unmet(f"{label}: say who will manage the process.", "id_process_manager")
    if not filled("leadership_engagement"):
        unmet(f"{label}: describe how leadership will be engaged.", "id_leadership_engagement")
    at_least("indicators")
    for index, indicator in enumerate(rows["indicators"]):
        row = f"{label}, indicator {index + 1}"
        if not indicator.how_measured.strip():
            unmet(f"{row}: say how it is measured.", f"id_indicators-{index}-how_measured")
        if indicator.target is None:
            unmet(f"{row}: give a numeric target.", f"id_indicators-{index}-target")
        error = rules.target_error(cycle, indicator.target_month, indicator.target_year)
        if error:
            unmet(f"{row}: {error}.", f"id_indicators-{index}-{_target_field(indicator)}")
    return problems


def risk_problems(risks, url):
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
        if not risk.description.strip():
            problems.append(
                Problem(f"{label}: describe the risk.", f"{url}#id_{prefix}-description")
            )
        if not risk.why_likely.strip():
            problems.append(
                Problem(f"{label}: say why it is likely.", f"{url}#id_{prefix}-why_likely")
            )
        if not _mitigated(risk):
            problems.append(
                Problem(
                    f"{label} has no mitigation; at least 1 is required.",
                    f"{url}#{prefix}-mitigations",
                )
            )
    return problems


def _mitigated(risk):
    """Counted in SQL for the task list (``part``), else read from the risk's rows."""
    count = getattr(risk, "mitigation_count", None)
    return bool(risk.mitigations.all()) if count is None else count > 0


def problems_on(part, url):
    """The part's problems that are fixed on the page at ``url``."""
    return [problem for problem in part.problems if problem.url.split("#")[0] == url]


COUNTED = ("key_decisions", "structural_changes")
EMPTY_ROWS = {relation: [] for relation in selectors.ROW_RELATIONS}


def _plans_counted(capabilities):
    return ActionPlan.objects.filter(capability__in=capabilities).annotate(
        **{f"{relation}_count": Count(relation, distinct=True) for relation in COUNTED}
    )


def _rows_by_plan(plans):
    """What ``plan_problems`` reads of each plan: its activities and indicators in display
    order, and how many key decisions and structural changes it has (three queries in
    all, with ``_plans_counted``, however many capabilities)."""
    rows = {
        plan.pk: {relation: range(getattr(plan, f"{relation}_count")) for relation in COUNTED}
        for plan in plans
    }
    for model, relation in ((Activity, "activities"), (Indicator, "indicators")):
        for plan_rows in rows.values():
            plan_rows[relation] = []
        for row in model.objects.filter(plan__in=list(rows)):
            rows[row.plan_id][relation].append(row)
    return rows


def part(milestone):
    process_url = reverse("action_plans:process", args=[milestone.pk])
    summary = ProcessSummary.objects.filter(milestone=milestone).first()
    problems = process_problems(summary, process_url)
    capabilities = selectors.capabilities_of(milestone)
    plans = {plan.capability_id: plan for plan in _plans_counted(capabilities)}
    rows = _rows_by_plan(plans.values())
    for capability in capabilities:
        url = reverse("action_plans:capability", args=[milestone.pk, capability.position])
        plan = plans.get(capability.pk)
        plan_rows = rows[plan.pk] if plan else EMPTY_ROWS
        problems += plan_problems(capability, plan, plan_rows, milestone.cycle, url)
    risks = list(
        Risk.objects.filter(milestone=milestone).annotate(mitigation_count=Count("mitigations"))
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
