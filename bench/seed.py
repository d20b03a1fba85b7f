"""Seed the benchmark's program: N practices as on deadline day (bulk inserts).

Imported by ``bench/inproc.py`` after ``django.setup()``, with the code under test on
the path (this checkout's or another version's): it uses only the models and
``submissions.snapshot.milestone_content`` / ``submissions.pdf.render_pdf``.

Every practice has a lead and two respondents and one milestone in the November 2026
cycle, in a state taken in turn: of every ten, six drafts, one with changes requested,
two submitted (waiting for review), one accepted. Every milestone is complete enough to
submit: the lead's own VaPCAT answers are submitted, the respondents' are in progress;
five gap rows, three capabilities with plans (3 activities, 2 decisions, 1 structural
change, 1 indicator) and two risks. A milestone past draft has its version 1 frozen
(content and PDF; the PDF is rendered once and its bytes shared, to keep seeding
short) and its transitions; one with changes requested has an open review comment.
One coach looks after every ten practices; three administrators.
"""

import hashlib
import math
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
from gap_analysis.models import Capability, DomainRating
from practices.models import CoachAssignment, Membership, Practice
from submissions.models import Cycle, MilestoneSubmission, ReviewComment, Snapshot, Transition
from submissions.pdf import render_pdf
from submissions.snapshot import milestone_content

TEXT = "We review this every month with the leadership team and our partners. " * 3
STATES = ["draft"] * 6 + ["changes_requested", "submitted", "submitted", "accepted"]
PRACTICES_PER_COACH = 10
ADMINISTRATORS = 3


def _instrument():
    instrument = Instrument.objects.current()
    if instrument is None:
        from django.conf import settings

        from assessments.instruments import instrument_load

        instrument, _ = instrument_load(settings.BASE_DIR / "fixtures/instruments/vapcat-v1.yaml")
    return instrument


def state_of(n):
    return STATES[n % len(STATES)]


@transaction.atomic
def seed(total, password_text):
    """Top the database up to ``total`` benchmark practices."""
    instrument = _instrument()
    domains = list(instrument.domains.all())
    items = list(Item.objects.filter(domain__instrument=instrument))
    # Deadline day: the cycle is due today at the latest, so the practices may still submit.
    due_on = max(date(2026, 11, 30), timezone.localdate())
    cycle, _ = Cycle.objects.get_or_create(
        name="November 2026", defaults={"opens_on": date(2026, 9, 1), "due_on": due_on}
    )
    password = make_password(password_text)
    for k in range(ADMINISTRATORS):
        User.objects.get_or_create(
            email=f"admin{k}@bench.test",
            defaults={"is_staff": True, "password": password, "full_name": f"Admin {k}"},
        )
    coaches = {}
    for k in range(math.ceil(total / PRACTICES_PER_COACH)):
        coaches[k], _ = User.objects.get_or_create(
            email=f"coach{k:02d}@bench.test",
            defaults={"is_coach": True, "password": password, "full_name": f"Coach {k}"},
        )
    existing = Practice.objects.filter(name__startswith="Bench practice").count()
    now = timezone.now()
    pdf = None
    for n in range(existing, total):
        practice = Practice.objects.create(
            name=f"Bench practice {n:04d}",
            organisation_type="fqhc" if n % 3 == 0 else "independent",
            size_band=["small", "medium", "large"][n % 3],
            county="Fresno",
        )
        lead = User.objects.create(
            email=f"lead{n:04d}@bench.test", password=password, full_name=f"Lead {n}"
        )
        respondents = [
            User.objects.create(email=f"resp{n:04d}{s}@bench.test", password=password) for s in "ab"
        ]
        Membership.objects.bulk_create(
            [Membership(user=lead, practice=practice, role="lead")]
            + [Membership(user=r, practice=practice, role="respondent") for r in respondents]
        )
        coach = coaches[n // PRACTICES_PER_COACH]
        CoachAssignment.objects.create(coach=coach, practice=practice)
        state = state_of(n)
        past_draft = state != "draft"
        milestone = MilestoneSubmission.objects.create(
            practice=practice,
            cycle=cycle,
            instrument=instrument,
            created_by=lead,
            status=state,
            version=1 if past_draft else 0,
            submitted_at=now if past_draft else None,
            accepted_at=now if state == "accepted" else None,
        )
        response = Response.objects.create(
            milestone=milestone, respondent=lead, status="submitted", submitted_at=now
        )
        Answer.objects.bulk_create(
            Answer(response=response, item=item, value=(i * 7 + n) % 4)
            for i, item in enumerate(items)
        )
        for r, respondent in enumerate(respondents):
            in_progress = Response.objects.create(milestone=milestone, respondent=respondent)
            Answer.objects.bulk_create(
                Answer(response=in_progress, item=item, value=(i + r + n) % 4)
                for i, item in enumerate(items[: len(items) // 2])
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
            # Two different risks: a repeat would not meet the template's two.
            Risk(milestone=milestone, position=k, description=f"Risk {k}. {TEXT}", why_likely=TEXT)
            for k in (1, 2)
        )
        Mitigation.objects.bulk_create(Mitigation(risk=r, description="Mitigate") for r in risks)
        if past_draft:
            content = milestone_content(milestone, attested_by=lead, attested_at=now)
            if pdf is None:
                pdf = render_pdf(content)
            Snapshot.objects.create(
                milestone=milestone,
                version=1,
                content=content,
                pdf=pdf,
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                submitted_by=lead,
            )
            moves = [("draft", "submitted", lead)]
            if state == "changes_requested":
                moves.append(("submitted", "changes_requested", coach))
                ReviewComment.objects.create(
                    milestone=milestone,
                    section="general",
                    body="Say who owns each activity.",
                    author=coach,
                    version=1,
                )
            elif state == "accepted":
                moves.append(("submitted", "accepted", coach))
            Transition.objects.bulk_create(
                Transition(milestone=milestone, actor=actor, from_status=a, to_status=b)
                for a, b, actor in moves
            )
