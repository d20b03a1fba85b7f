"""The fuzz tests' world: practice A's milestone complete and submitted once, with an open
review comment, a saved VBP payment scenario and a supporting document, practice B's
likewise (its rows get smuggled into A's forms), an open invitation and a password-reset
link. PDF rendering
is stubbed: it is not under test here and takes a second per submit."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Invitation
from action_plans import catalogue
from gap_analysis import selectors as gap_selectors
from incentives.models import SavedEstimate
from practices.models import CoachAssignment, Membership
from submissions.lifecycle import milestone_start
from submissions.models import MilestoneSubmission, ReviewComment, Snapshot
from submissions.snapshot import milestone_content
from tests import factories
from tests.test_access_matrix import an_attachment

# A scenario the estimator can show with targets to turn into indicators: the worked
# example of tests/incentives/, without its panel.
SCENARIO_INPUTS = {
    key: value
    for key, value in json.loads(
        (Path(__file__).parent.parent / "incentives" / "worked_example.json").read_text()
    ).items()
    if key != "panel"
}


@dataclass(repr=False)
class World:
    cast: object
    invitation_token: str
    reset_uid: str
    reset_token: str
    gap_candidates: list
    suggestions: list
    item_codes: list
    # Practices the lead also leads: one with no milestone yet (to start), one with a
    # draft never submitted (to move to the other cycle).
    unstarted_practice: int = 0
    draft_practice: int = 0
    draft_milestone: int = 0
    forms: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    fingerprints: dict = field(default_factory=dict)

    def __repr__(self):
        return f"World(milestone {self.milestone.pk} of {self.cast.practice})"

    @property
    def milestone(self):
        return self.cast.milestone

    def user(self, role):
        return self.cast.by_role(role)

    def set_state(self, status):
        MilestoneSubmission.objects.filter(pk=self.milestone.pk).update(status=status)

    def fingerprint(self, state):
        """What is stored before an attempt: the same for every example of a test (each
        is rolled back) but for the milestone's status, and a log-in writes none of it."""
        from tests.fuzz.harness import fingerprint

        self.set_state(state)
        if state not in self.fingerprints:
            self.fingerprints[state] = fingerprint()
        return {**self.fingerprints[state], "e-mails sent": (len(mail.outbox), "")}

    def loaded(self, form):
        """The form as its page shows it, read once per test."""
        from tests.fuzz.harness import load_form

        if form.name not in self.forms:
            self.forms[form.name] = load_form(self, form)
        return self.forms[form.name]

    def specials(self, form):
        """The form's special field values (``Form.values``), built once per test."""
        from tests.fuzz.forms import values_for

        if form.name not in self.values:
            self.values[form.name] = values_for(form, self)
        return self.values[form.name]


@pytest.fixture(autouse=True)
def _no_pdf_rendering(monkeypatch):
    monkeypatch.setattr("submissions.pdf.render_pdf", lambda content, draft=False: b"%PDF-1.7")


@pytest.fixture
def world(cast):
    # The lead answered and submitted the VaPCAT; the respondent is half-way through.
    factories.complete_milestone(cast.milestone, cast.lead)
    factories.answer_all(cast.milestone, cast.respondent, values=(1, None), submit=False)
    factories.complete_milestone(cast.other_milestone, cast.other_lead)
    for milestone in (cast.milestone, cast.other_milestone):
        MilestoneSubmission.objects.filter(pk=milestone.pk).update(version=1)
        Snapshot.objects.create(
            milestone=milestone,
            version=1,
            content=milestone_content(milestone),
            pdf=b"%PDF-1.7",
            pdf_sha256="0" * 64,
        )
        ReviewComment.objects.create(
            milestone=milestone,
            section="risks",
            body="Say who owns each mitigation.",
            author=cast.coach,
            version=1,
        )
        SavedEstimate.objects.create(
            milestone=milestone, name="Today", inputs=SCENARIO_INPUTS, created_by=cast.lead
        )
    an_attachment(cast)  # a supporting document of A's milestone, to remove
    invitation, token = Invitation.new(
        email="new.respondent@alder.test",
        role=Invitation.Role.RESPONDENT,
        practice=cast.practice,
        invited_by=cast.lead,
    )
    invitation.save()
    unstarted = factories.make_practice("Cedar Street Clinic")
    drafting = factories.make_practice("Dogwood Health")
    for practice in (unstarted, drafting):
        Membership.objects.create(user=cast.lead, practice=practice, role=Membership.Role.LEAD)
        CoachAssignment.objects.create(coach=cast.coach, practice=practice)
    draft = milestone_start(drafting, cast.cycle, cast.lead)
    domain = cast.milestone.capabilities.get(position=1).domain.code
    suggestions = [s.code for s in catalogue.activities_for(domain)[:3]]
    suggestions += [s.code for s in catalogue.indicators_for(domain)[:3]]
    return World(
        cast=cast,
        invitation_token=token,
        reset_uid=urlsafe_base64_encode(force_bytes(cast.lead.pk)),
        unstarted_practice=unstarted.pk,
        draft_practice=drafting.pk,
        draft_milestone=draft.pk,
        reset_token=default_token_generator.make_token(cast.lead),
        gap_candidates=[
            f"{row.domain.code}:{candidate.item.code}"
            for row in gap_selectors.gap_rows(cast.milestone)
            for candidate in row.candidates
        ],
        suggestions=suggestions,
        item_codes=[
            item.code
            for domain in cast.instrument.domains.order_by("order")
            for item in domain.items.order_by("order")
        ],
    )
