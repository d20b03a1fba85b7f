"""The demo: builds PRODUCT.md section 5 from ``fixtures/demo/demo.yaml``. Idempotent."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.conf import settings
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
    StructuralChange,
)
from assessments.instruments import instrument_load, instrument_publish
from assessments.models import Answer, Instrument, Response
from gap_analysis.models import Capability
from practices.models import CoachAssignment, Cohort, Membership, Practice
from submissions import deadlines
from submissions.lifecycle import milestone_start
from submissions.models import Cycle, Extension

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "demo.yaml"
INSTRUMENTS = Path(settings.BASE_DIR) / "fixtures" / "instruments"
# The VaPCAT versions the demo publishes, in this order: the last is the current one. A
# demo milestone with ``instrument: "<version>"`` is started while that version is
# current (so it keeps it, as a milestone started before a newer version does); the
# others start with the current one.
INSTRUMENT_FILES = {"1": INSTRUMENTS / "vapcat-v1.yaml", "2": INSTRUMENTS / "vapcat-v2.yaml"}


def _extend_if_past(practice, cycle, users):
    """Once the demo's cycle is past, its practices hold an extension (as a practice
    that is late would), so the demo can still be worked through to a submit."""
    due = deadlines.deadline(practice, cycle)
    if not due.is_past(deadlines.today()):
        return
    administrator = next((user for user in users.values() if user.is_staff), None)
    Extension.objects.create(
        practice=practice,
        cycle=cycle,
        due_on=deadlines.today() + timedelta(days=30),
        reason="Demo: the cycle's due date has passed, so the practice was given 30 more days.",
        granted_by=administrator,
    )


def _ensure_published(version, path):
    """Load and publish ``version`` unless it is there already: publishing it again would
    make an older version current over a newer one."""
    instrument = Instrument.objects.filter(version=version).first()
    if instrument is None:
        instrument_load(path)
    elif instrument.published_at is None:
        instrument_publish(instrument)


def _user(spec, password):
    user, created = User.objects.get_or_create(
        email=spec["email"],
        defaults={
            "full_name": spec.get("full_name", ""),
            "job_title": spec.get("job_title", ""),
            "is_staff": spec.get("administrator", False),
            "is_superuser": spec.get("administrator", False),
            "is_coach": spec.get("coach", False),
        },
    )
    if created:
        user.set_password(password)
        user.save()
    return user


def _responses(milestone, specs, users):
    items = [item for domain in milestone.instrument.domains.all() for item in domain.items.all()]
    for spec in specs:
        response = Response.objects.create(milestone=milestone, respondent=users[spec["email"]])
        pattern = spec["pattern"]
        answered = items if spec["submit"] else items[: len(items) // 2]
        Answer.objects.bulk_create(
            Answer(
                response=response,
                item=item,
                value=pattern[i % len(pattern)],
                dont_know=pattern[i % len(pattern)] is None,
            )
            for i, item in enumerate(answered)
        )
        if spec["submit"]:
            response.status = Response.Status.SUBMITTED
            response.submitted_at = timezone.now()
            response.save()


def _content(milestone, spec):
    domains = {d.code: d for d in milestone.instrument.domains.all()}
    for rating in milestone.domain_ratings.select_related("domain"):
        for field, value in spec["ratings"][rating.domain.code].items():
            setattr(rating, field, value)
        rating.save()
    ProcessSummary.objects.filter(milestone=milestone).update(**spec["process_summary"])
    for position, (cap, plan_spec) in enumerate(
        zip(spec["capabilities"], spec["plans"], strict=True), start=1
    ):
        capability = Capability.objects.create(
            milestone=milestone,
            position=position,
            domain=domains[cap["domain"]],
            name=cap["name"],
            why_priority=cap["why_priority"],
            delivery=cap["delivery"],
            partner_type=cap.get("partner_type", ""),
        )
        plan = ActionPlan.objects.create(
            capability=capability,
            **{
                k: plan_spec[k]
                for k in (
                    "goals",
                    "process_manager",
                    "other_staff",
                    "leadership_engagement",
                    "leadership_needs",
                )
            },
        )
        for a in plan_spec["activities"]:
            Activity.objects.create(
                plan=plan,
                description=a["description"],
                target_month=a["month"],
                target_year=a["year"],
            )
        for text in plan_spec["decisions"]:
            KeyDecision.objects.create(plan=plan, description=text)
        for change in plan_spec["structural_changes"]:
            StructuralChange.objects.create(plan=plan, **change)
        for ind in plan_spec["indicators"]:
            Indicator.objects.create(
                plan=plan,
                kind=ind.get("kind", Indicator.Kind.NUMERIC),
                name=ind["name"],
                how_measured=ind["how_measured"],
                baseline=ind.get("baseline"),
                target=ind.get("target"),
                unit=ind.get("unit", ""),
                target_month=ind["month"],
                target_year=ind["year"],
            )
    for risk, risk_spec in zip(milestone.risks.all(), spec["risks"], strict=True):
        risk.description = risk_spec["description"]
        risk.why_likely = risk_spec["why_likely"]
        risk.save()
        for text in risk_spec["mitigations"]:
            Mitigation.objects.create(risk=risk, description=text)


def _milestone(practice, lead, spec, cycles, users):
    """Start the practice's demo milestone with the current VaPCAT version, unless it has
    one already, and fill it in as ``spec`` says."""
    cycle = cycles[spec["cycle"]]
    if practice.milestones.filter(cycle=cycle).exists():
        return
    _extend_if_past(practice, cycle, users)
    milestone = milestone_start(practice, cycle, lead)
    _responses(milestone, spec.get("responses", []), users)
    if spec.get("complete"):
        _content(milestone, spec)


@transaction.atomic
def seed_demo(path=DEMO_FILE):
    """Create the demo if missing; returns the log-ins as (role, e-mail, password) rows."""
    data = yaml.safe_load(Path(path).read_text())
    password = data["password"]
    cycles = {
        c["name"]: Cycle.objects.get_or_create(
            name=c["name"], defaults={"opens_on": c["opens_on"], "due_on": c["due_on"]}
        )[0]
        for c in data["cycles"]
    }
    cohorts = {name: Cohort.objects.get_or_create(name=name)[0] for name in data["cohorts"]}
    users = {spec["email"]: _user(spec, password) for spec in data["users"]}
    logins = []
    to_start = []  # (practice, its lead, its milestone spec), in the file's order
    for spec in data["users"]:
        role = (
            "administrator" if spec.get("administrator") else "coach" if spec.get("coach") else None
        )
        if role:
            logins.append((role, spec["email"], password))
    for spec in data["practices"]:
        practice, _ = Practice.objects.get_or_create(
            name=spec["name"],
            defaults={
                "organisation_type": spec["organisation_type"],
                "size_band": spec["size_band"],
                "in_accountable_care_entity": spec["in_accountable_care_entity"],
                "county": spec["county"],
                "address": spec["address"],
                "cohort": cohorts.get(spec.get("cohort")),
            },
        )
        for email in spec["coaches"]:
            CoachAssignment.objects.get_or_create(practice=practice, coach=users[email])
        lead = None
        for member in spec["members"]:
            Membership.objects.get_or_create(
                practice=practice, user=users[member["email"]], defaults={"role": member["role"]}
            )
            logins.append((f"{member['role']} · {practice.name}", member["email"], password))
            if member["role"] == "lead" and lead is None:
                lead = users[member["email"]]
        to_start.append((practice, lead, spec["milestone"]))
    current = list(INSTRUMENT_FILES)[-1]
    for practice, _, milestone_spec in to_start:
        if milestone_spec.get("instrument", current) not in INSTRUMENT_FILES:
            raise ValueError(
                f"{practice.name}: the demo has no VaPCAT version "
                f"{milestone_spec['instrument']!r} (it has {', '.join(INSTRUMENT_FILES)})"
            )
    for version, instrument_file in INSTRUMENT_FILES.items():
        _ensure_published(version, instrument_file)
        for practice, lead, milestone_spec in to_start:
            if milestone_spec.get("instrument", current) == version:
                _milestone(practice, lead, milestone_spec, cycles, users)
    return logins
