"""Seed N practices with complete milestones for the load benchmark (bulk inserts).

Every practice gets a lead and a respondent, a milestone in the November 2026 cycle
with a submitted VaPCAT response, five gap rows, three capabilities with plans (3
activities, 2 decisions, 1 structural change, 1 indicator) and two risks. One coach is
assigned to the first 25 practices; their milestones are submitted (the review queue).
"""

from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
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
from assessments.models import Answer, Instrument, Item, Response
from bench.load import PASSWORD
from gap_analysis.models import Capability, DomainRating
from practices.models import CoachAssignment, Membership, Practice
from submissions.models import Cycle, MilestoneSubmission

SUBMITTED = 25  # the coach's review queue
TEXT = "We review this every month with the leadership team and our partners. " * 3


def _instrument():
    instrument = Instrument.objects.current()
    if instrument is None:
        from django.conf import settings

        from assessments.instruments import instrument_load

        instrument, _ = instrument_load(settings.BASE_DIR / "fixtures/instruments/vapcat-v1.yaml")
    return instrument


@transaction.atomic
def seed(total):
    """Top the database up to ``total`` benchmark practices; returns the log-ins."""
    if total <= SUBMITTED:
        raise ValueError(f"Seed more than {SUBMITTED} practices: the lead's milestone is a draft.")
    instrument = _instrument()
    domains = list(instrument.domains.all())
    items = list(Item.objects.filter(domain__instrument=instrument))
    cycle, _ = Cycle.objects.get_or_create(
        name="November 2026", defaults={"opens_on": date(2026, 9, 1), "due_on": date(2026, 11, 30)}
    )
    password = make_password(PASSWORD)
    admin, _ = User.objects.get_or_create(
        email="admin@bench.test", defaults={"is_staff": True, "password": password}
    )
    coach, _ = User.objects.get_or_create(
        email="coach@bench.test", defaults={"is_coach": True, "password": password}
    )
    existing = Practice.objects.filter(name__startswith="Bench practice").count()
    now = timezone.now()
    for n in range(existing, total):
        practice = Practice.objects.create(
            name=f"Bench practice {n:04d}",
            organisation_type="fqhc" if n % 3 == 0 else "independent",
            size_band=["small", "medium", "large"][n % 3],
            county="Fresno",
        )
        lead = User.objects.create(email=f"lead{n:04d}@bench.test", password=password)
        respondent = User.objects.create(email=f"resp{n:04d}@bench.test", password=password)
        Membership.objects.bulk_create(
            [
                Membership(user=lead, practice=practice, role="lead"),
                Membership(user=respondent, practice=practice, role="respondent"),
            ]
        )
        submitted = n < SUBMITTED
        if submitted:
            CoachAssignment.objects.create(coach=coach, practice=practice)
        milestone = MilestoneSubmission.objects.create(
            practice=practice,
            cycle=cycle,
            instrument=instrument,
            created_by=lead,
            status="submitted" if submitted else "draft",
            version=1 if submitted else 0,
            submitted_at=now if submitted else None,
        )
        response = Response.objects.create(
            milestone=milestone, respondent=respondent, status="submitted", submitted_at=now
        )
        Answer.objects.bulk_create(
            Answer(response=response, item=item, value=(i * 7 + n) % 4)
            for i, item in enumerate(items)
        )
        DomainRating.objects.bulk_create(
            DomainRating(
                milestone=milestone,
                domain=d,
                current_state=TEXT,
                maturity=2,
                gaps=TEXT,
                priority="high",
                rationale=TEXT,
            )
            for d in domains
        )
        ProcessSummary.objects.create(
            milestone=milestone, overview=TEXT, people_involved=TEXT, alignment=TEXT
        )
        capabilities = Capability.objects.bulk_create(
            Capability(
                milestone=milestone,
                position=p,
                domain=domains[p - 1],
                name=f"Capability {p}",
                why_priority=TEXT,
                delivery="internal",
            )
            for p in (1, 2, 3)
        )
        plans = ActionPlan.objects.bulk_create(
            ActionPlan(
                capability=c,
                goals=TEXT,
                process_manager="Operations director",
                other_staff="Analysts",
                leadership_engagement=TEXT,
                leadership_needs=TEXT,
            )
            for c in capabilities
        )
        Activity.objects.bulk_create(
            Activity(plan=p, description=f"Activity {k}", target_month=k, target_year=2027)
            for p in plans
            for k in (1, 2, 3)
        )
        KeyDecision.objects.bulk_create(
            KeyDecision(plan=p, description=f"Decision {k}") for p in plans for k in (1, 2)
        )
        StructuralChange.objects.bulk_create(
            StructuralChange(plan=p, category="staffing", description="A new role") for p in plans
        )
        Indicator.objects.bulk_create(
            Indicator(
                plan=p,
                name="Roster match rate",
                how_measured="Matched / attributed",
                baseline=50,
                target=90,
                unit="%",
                target_month=6,
                target_year=2028,
            )
            for p in plans
        )
        risks = Risk.objects.bulk_create(
            Risk(milestone=milestone, position=k, description=TEXT, why_likely=TEXT) for k in (1, 2)
        )
        Mitigation.objects.bulk_create(Mitigation(risk=r, description="Mitigate") for r in risks)
    return {"admin": admin.email, "coach": coach.email, "lead": "lead0025@bench.test"}
