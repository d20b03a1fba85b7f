"""Small builders for test data: an instrument, practices, milestones with content."""

from datetime import date

from django.utils import timezone

from accounts.models import User
from assessments.models import Domain, Instrument, Item
from practices.models import CoachAssignment, Membership, Practice
from submissions.models import Cycle

PASSWORD = "correct horse battery staple 7"

DOMAINS = [
    ("A", "Leadership, Governance, and Legal"),
    ("B", "Operations"),
    ("C", "Data, Analytics, and Technology"),
    ("D", "Financial"),
    ("E", "Payer and Partner Relations"),
]
SCALE = [
    {"value": 0, "label": "Not in place", "meaning": "not_in_place"},
    {"value": 1, "label": "Minimal components in place", "meaning": "minimal"},
    {"value": 2, "label": "Partially in place", "meaning": "partial"},
    {"value": 3, "label": "Area of strength", "meaning": "strength"},
    {"value": None, "label": "Don't know", "meaning": "unknown"},
]


def make_instrument(version="test-1", items_per_domain=4, advanced_every=4, scale=SCALE):
    instrument = Instrument.objects.create(
        name="VaPCAT",
        version=version,
        scale=scale,
        source_sha256="0" * 64,
        published_at=timezone.now(),
    )
    for order, (code, name) in enumerate(DOMAINS, start=1):
        domain = Domain.objects.create(
            instrument=instrument,
            code=code,
            name=name,
            order=order,
            examples=f"examples of {name.lower()}",
            foundational_capabilities=[f"{name} capability one", f"{name} capability two"],
        )
        Item.objects.bulk_create(
            Item(
                domain=domain,
                code=f"{code}{n}",
                text=f"{name} item {n}",
                help=f"Help for {code}{n}",
                advanced=(n % advanced_every == 0),
                order=n,
            )
            for n in range(1, items_per_domain + 1)
        )
    return instrument


def make_user(email, **extra):
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


def make_practice(name, **extra):
    fields = {
        "organisation_type": Practice.OrganisationType.INDEPENDENT,
        "size_band": Practice.SizeBand.SMALL,
        "county": "Alameda",
    }
    fields.update(extra)
    return Practice.objects.create(name=name, **fields)


def add_member(practice, user, role):
    return Membership.objects.create(practice=practice, user=user, role=role)


def assign_coach(practice, coach):
    return CoachAssignment.objects.create(practice=practice, coach=coach)


def make_cycles():
    may = Cycle.objects.create(name="May 2026", opens_on=date(2026, 3, 1), due_on=date(2026, 5, 31))
    november = Cycle.objects.create(
        name="November 2026", opens_on=date(2026, 9, 1), due_on=date(2026, 11, 30)
    )
    return may, november


def answer_all(milestone, user, values=(2, 3, 1, 2), submit=True):
    """``user`` answers every item of the milestone's VaPCAT, cycling through ``values``."""
    from django.utils import timezone

    from assessments.models import Answer, Item, Response

    response, _ = Response.objects.get_or_create(milestone=milestone, respondent=user)
    items = Item.objects.filter(domain__instrument=milestone.instrument_id)
    Answer.objects.bulk_create(
        Answer(
            response=response,
            item=item,
            value=values[i % len(values)],
            dont_know=values[i % len(values)] is None,
        )
        for i, item in enumerate(items)
    )
    if submit:
        response.status = Response.Status.SUBMITTED
        response.submitted_at = timezone.now()
        response.save()
    return response


def complete_milestone(milestone, respondent, activities=3, text=None):
    """Fill every part of ``milestone`` so that no rule is unmet.

    ``text`` (a function of a label) lets a test choose the words, e.g. very long ones.
    """
    from action_plans.models import (
        ActionPlan,
        Activity,
        Indicator,
        KeyDecision,
        Mitigation,
        ProcessSummary,
        StructuralChange,
    )
    from gap_analysis.models import Capability

    text = text or (lambda label: f"{label} text")
    answer_all(milestone, respondent)
    for rating in milestone.domain_ratings.select_related("domain"):
        code = rating.domain.code
        rating.current_state = text(f"Current state {code}")
        rating.maturity = 2
        rating.gaps = text(f"Gaps {code}")
        rating.priority = "high"
        rating.rationale = text(f"Rationale {code}")
        rating.save()
    ProcessSummary.objects.filter(milestone=milestone).update(
        overview=text("Overview"),
        people_involved=text("People involved"),
        alignment=text("Alignment"),
    )
    domains = list(milestone.instrument.domains.all())
    for position in (1, 2, 3):
        capability = Capability.objects.create(
            milestone=milestone,
            position=position,
            domain=domains[position - 1],
            name=f"Capability name {position}",
            why_priority=text(f"Why priority {position}"),
            delivery="partner" if position == 1 else "internal",
            partner_type="ipa" if position == 1 else "",
        )
        plan = ActionPlan.objects.create(
            capability=capability,
            goals=text(f"Goals {position}"),
            process_manager=f"Manager {position}",
            other_staff=f"Other staff {position}",
            leadership_engagement=text(f"Leadership engagement {position}"),
            leadership_needs=f"Leadership needs {position}",
        )
        for n in range(1, activities + 1):
            Activity.objects.create(
                plan=plan,
                description=f"Activity {position}.{n}",
                target_month=(n - 1) % 12 + 1,
                target_year=2027,
            )
        for n in (1, 2):
            KeyDecision.objects.create(plan=plan, description=f"Decision {position}.{n}")
        StructuralChange.objects.create(
            plan=plan, category="staffing", description=f"Structural change {position}"
        )
        Indicator.objects.create(
            plan=plan,
            name=f"Indicator {position}",
            how_measured=f"Measured by method {position}",
            baseline=10,
            target=80 + position,
            unit="%",
            target_month=6,
            target_year=2028,
        )
    for risk in milestone.risks.all():
        risk.description = text(f"Risk {risk.position}")
        risk.why_likely = text(f"Why likely {risk.position}")
        risk.save()
        Mitigation.objects.create(risk=risk, description=f"Mitigation {risk.position}")
    return milestone


def add_care_plan_indicator(plan, **fields):
    """The second indicator the "what changed" tests add to a submitted plan."""
    from action_plans.models import Indicator

    values = {
        "name": "Patients with a care plan",
        "how_measured": "Chart review",
        "target": 40,
        "unit": "%",
        "target_month": 12,
        "target_year": 2027,
        **fields,
    }
    return Indicator.objects.create(plan=plan, **values)
