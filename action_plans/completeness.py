"""Part C's rules: process summary, the plan of each capability, the two risks."""

from django.urls import reverse

from action_plans import rules
from action_plans.models import ActionPlan, ProcessSummary, Risk
from submissions.completeness import Part, Problem

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


def plan_problems(capability, plan, cycle, url):
    label = f"Capability {capability.position}"
    if plan is None:
        return [Problem(f"{label}: the action plan has not been started.", url)]
    problems = []
    if not plan.goals.strip():
        problems.append(Problem(f"{label}: describe the goals.", f"{url}#id_goals"))
    for minimum in rules.MINIMUMS:
        count = len(getattr(plan, minimum.relation).all())
        if count < minimum.at_least:
            noun = minimum.singular if count == 1 else minimum.plural
            needed = minimum.singular if minimum.at_least == 1 else minimum.plural
            problems.append(
                Problem(
                    f"{label} has {count} {noun}; at least {minimum.at_least} {needed} "
                    f"{'is' if minimum.at_least == 1 else 'are'} required.",
                    f"{url}#{minimum.relation}",
                )
            )
    for number, activity in enumerate(plan.activities.all(), start=1):
        error = rules.target_error(cycle, activity.target_month, activity.target_year)
        if error:
            problems.append(Problem(f"{label}, activity {number}: {error}.", f"{url}#activities"))
    for number, indicator in enumerate(plan.indicators.all(), start=1):
        if indicator.target is None:
            problems.append(
                Problem(f"{label}, indicator {number}: give a numeric target.", f"{url}#indicators")
            )
        error = rules.target_error(cycle, indicator.target_month, indicator.target_year)
        if error:
            problems.append(Problem(f"{label}, indicator {number}: {error}.", f"{url}#indicators"))
    if not plan.process_manager.strip():
        problems.append(
            Problem(f"{label}: say who will manage the process.", f"{url}#id_process_manager")
        )
    if not plan.leadership_engagement.strip():
        problems.append(
            Problem(
                f"{label}: describe how leadership will be engaged.",
                f"{url}#id_leadership_engagement",
            )
        )
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
        if not risk.description.strip():
            problems.append(Problem(f"{label}: describe the risk.", f"{url}#risk-{risk.position}"))
        if not risk.why_likely.strip():
            problems.append(
                Problem(f"{label}: say why it is likely.", f"{url}#risk-{risk.position}")
            )
        if not risk.mitigations.all():
            problems.append(
                Problem(
                    f"{label} has no mitigation; at least 1 is required.",
                    f"{url}#risk-{risk.position}",
                )
            )
    return problems


def part(milestone):
    process_url = reverse("action_plans:process", args=[milestone.pk])
    summary = ProcessSummary.objects.filter(milestone=milestone).first()
    problems = process_problems(summary, process_url)
    capabilities = list(milestone.capabilities.all())
    plans = {
        plan.capability_id: plan
        for plan in ActionPlan.objects.filter(capability__in=capabilities).prefetch_related(
            "activities", "key_decisions", "structural_changes", "indicators"
        )
    }
    for capability in capabilities:
        url = reverse("action_plans:capability", args=[milestone.pk, capability.position])
        problems += plan_problems(capability, plans.get(capability.pk), milestone.cycle, url)
    risks = list(Risk.objects.filter(milestone=milestone).prefetch_related("mitigations"))
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
