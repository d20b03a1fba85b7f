from datetime import date
from io import StringIO

from django.core.management import call_command

from practices.models import Practice
from submissions import deadlines, lifecycle
from submissions.completeness import unmet_rules
from submissions.models import Cycle, MilestoneSubmission


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
    seed()
    assert (Practice.objects.count(), MilestoneSubmission.objects.count()) == counts


def test_demo_refuses_production_without_flag(db, settings):
    import pytest
    from django.core.management.base import CommandError

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
