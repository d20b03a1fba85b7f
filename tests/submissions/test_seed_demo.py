from datetime import date
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Instrument, Item
from practices.models import Membership, Practice
from submissions import deadlines, lifecycle
from submissions.completeness import unmet_rules
from submissions.demo import DEMO_FILE, seed_demo
from submissions.models import Cycle, MilestoneSubmission
from tests import factories


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_builds_two_practices_both_cycles_and_prints_logins(db, settings):
    settings.DEBUG = True
    output = seed()
    assert list(Cycle.objects.values_list("name", flat=True)) == ["May 2026", "November 2026"]
    small = Practice.objects.get(size_band="small", organisation_type="independent")
    large = Practice.objects.get(organisation_type="fqhc")
    for email in [
        "admin@demo.test",
        "coach@demo.test",
        "lead@sunrise.test",
        "ceo@valleyhealth.test",
    ]:
        assert email in output
    assert "demo-portal-2026" in output
    in_progress = small.milestones.get()
    complete = large.milestones.get()
    assert unmet_rules(in_progress)
    assert unmet_rules(complete) == []
    assert complete.status == MilestoneSubmission.Status.DRAFT


def test_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    seed()
    counts = (Practice.objects.count(), MilestoneSubmission.objects.count())
    published = dict(Instrument.objects.values_list("version", "published_at"))
    seed()
    assert (Practice.objects.count(), MilestoneSubmission.objects.count()) == counts
    # Seeding again publishes nothing again, so version 1 does not become current again.
    assert dict(Instrument.objects.values_list("version", "published_at")) == published
    assert Instrument.objects.current().version == "2"


# VaPCAT versions -----------------------------------------------------------------------


def test_one_demo_milestone_keeps_version_1_and_the_others_use_version_2(db, settings):
    settings.DEBUG = True
    seed()
    assert Instrument.objects.current().version == "2"
    versions = dict(
        MilestoneSubmission.objects.values_list("practice__name", "instrument__version")
    )
    assert versions == {"Sunrise Family Medicine": "1", "Valley Community Health Center": "2"}
    sunrise = MilestoneSubmission.objects.get(instrument__version="1")
    # Its respondent's answers are on version 1's items, its gap rows on version 1's domains.
    answered = Item.objects.filter(answers__response__milestone=sunrise).distinct()
    assert answered.exists()
    assert set(answered.values_list("domain__instrument__version", flat=True)) == {"1"}
    rated = sunrise.domain_ratings.values_list("domain__instrument__version", flat=True)
    assert set(rated) == {"1"}
    valley = MilestoneSubmission.objects.get(instrument__version="2")
    answered = Item.objects.filter(answers__response__milestone=valley).distinct()
    assert answered.count() == Item.objects.filter(domain__instrument__version="2").count()
    assert set(valley.capabilities.values_list("domain__instrument__version", flat=True)) == {"2"}


def test_a_milestone_started_after_the_demo_uses_version_2(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(deadlines, "today", lambda: date(2026, 10, 1))
    seed()
    practice = factories.make_practice("Birch Street Clinic")
    lead = factories.make_user("lead@birch.test")
    factories.add_member(practice, lead, Membership.Role.LEAD)
    november = Cycle.objects.get(name="November 2026")

    milestone = lifecycle.milestone_start(practice, november, lead)

    assert milestone.instrument.version == "2"
    assert milestone.domain_ratings.filter(domain__instrument__version="2").count() == 5


def test_a_demo_milestone_on_a_version_the_demo_lacks_is_refused(db, tmp_path):
    data = yaml.safe_load(DEMO_FILE.read_text())
    data["practices"][0]["milestone"]["instrument"] = "9"
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValueError, match="the demo has no VaPCAT version '9'"):
        seed_demo(path)


def test_demo_refuses_production_without_flag(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create demo accounts"):
        seed()


def test_the_log_in_line_names_the_address_served(db, settings):
    """``make run`` sets SITE_URL from HOST and PORT; the printed address follows it."""
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8123"
    assert "Log in at http://127.0.0.1:8123/ as:" in seed()


def test_after_the_cycles_are_past_the_demo_practices_hold_an_extension(db, settings, monkeypatch):
    """On a day after both 2026 cycles, the demo still builds, and its complete milestone
    can still be submitted: each demo practice was given 30 more days."""
    settings.DEBUG = True
    monkeypatch.setattr(deadlines, "today", lambda: date(2026, 12, 2))
    seed()
    large = Practice.objects.get(organisation_type="fqhc")
    milestone = large.milestones.get()
    due = deadlines.deadline(large, milestone.cycle)
    assert due.extended and due.due_on == date(2027, 1, 1)
    lead = large.memberships.get(role="lead").user
    assert (
        lifecycle.milestone_submit(milestone, lead).status == MilestoneSubmission.Status.SUBMITTED
    )
    seed()  # run again: no second extension
    assert large.extensions.count() == 1
