"""Builders for the action-plan tests: a capability (position 2, domain C, delivered by
a partner) and complete or partial plans for it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from action_plans.models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyDecision,
    Mitigation,
    StructuralChange,
)
from gap_analysis.models import Capability


def make_capability(milestone, position=2, code="C", name="Population health analytics"):
    return Capability.objects.create(
        milestone=milestone,
        position=position,
        domain=milestone.instrument.domains.get(code=code),
        name=name,
        why_priority="We cannot see which attributed members are overdue for care.",
        delivery=Capability.Delivery.PARTNER,
        partner_type=Capability.PartnerType.IPA,
        partner_name="North Valley IPA",
    )


def make_plan(capability, activities=3, decisions=2, changes=1, indicators=1, **fields):
    """A plan that meets every rule with the default counts."""
    values = {
        "goals": "Know our attributed members and their gaps in care each month.",
        "process_manager": "Maria Lopez, operations manager",
        "other_staff": "Two data analysts",
        "leadership_engagement": "Monthly steering committee review.",
        "leadership_needs": "Approve 0.5 FTE analyst time.",
        **fields,
    }
    plan = ActionPlan.objects.create(capability=capability, **values)
    for n in range(1, activities + 1):
        Activity.objects.create(
            plan=plan, description=f"Activity {n}", target_month=(n - 1) % 12 + 1, target_year=2027
        )
    for n in range(1, decisions + 1):
        KeyDecision.objects.create(plan=plan, description=f"Decision {n}")
    for n in range(1, changes + 1):
        StructuralChange.objects.create(
            plan=plan, category=StructuralChange.Category.STAFFING, description=f"Change {n}"
        )
    for n in range(1, indicators + 1):
        Indicator.objects.create(
            plan=plan,
            name=f"Indicator {n}",
            how_measured="Matched members / attributed members",
            baseline=Decimal("71"),
            target=Decimal("90"),
            unit="%",
            target_month=9,
            target_year=2027,
        )
    return plan


def complete_risks(milestone):
    for risk in milestone.risks.all():
        risk.description = f"Risk {risk.position} text"
        risk.why_likely = "It happened before."
        risk.save()
        Mitigation.objects.create(risk=risk, description=f"Mitigation of risk {risk.position}")


def capability_url(capability):
    return reverse("action_plans:capability", args=[capability.milestone_id, capability.position])


@pytest.fixture
def capability(cast):
    return make_capability(cast.milestone)
