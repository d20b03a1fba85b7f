"""A save that races a submit: the page was loaded (and the save began) while the
milestone was a draft, but it was submitted before the save wrote anything. The save is
refused and nothing changes."""

from django.urls import reverse

from action_plans import selectors
from action_plans.models import ActionPlan, Activity, ProcessSummary
from submissions.models import MilestoneSubmission, SectionRevision
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_plan

READ_ONLY = "This milestone is submitted, so it is read-only; nothing was saved."


def revisions():
    return list(SectionRevision.objects.order_by("section").values_list("section", "revision"))


def submitted_meanwhile(monkeypatch, milestone, name):
    """Submit ``milestone`` right after the view has read what it is about to save."""
    read = getattr(selectors, name)

    def read_then_submit(*args, **kwargs):
        result = read(*args, **kwargs)
        MilestoneSubmission.objects.filter(pk=milestone.pk).update(status="submitted", version=1)
        return result

    monkeypatch.setattr(selectors, name, read_then_submit)


def test_a_process_summary_saved_as_the_milestone_is_submitted_is_refused(cast, login, monkeypatch):
    client = login(cast.lead)
    url = reverse("action_plans:process", args=[cast.milestone.pk])
    data = form_data(client.get(url), "process-form")
    before = revisions()
    submitted_meanwhile(monkeypatch, cast.milestone, "process_summary_for")
    response = client.post(url, {**data, "overview": "Typed as it was submitted"}, follow=True)
    assert READ_ONLY in response.content.decode()
    assert ProcessSummary.objects.get(milestone=cast.milestone).overview == ""
    assert revisions() == before


def test_a_capability_plan_saved_as_the_milestone_is_submitted_is_refused(
    cast, capability, login, monkeypatch
):
    make_plan(capability, goals="As submitted")
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["goals"] = "Typed as it was submitted"
    data["activities-0-DELETE"] = "on"
    before = revisions()
    submitted_meanwhile(monkeypatch, cast.milestone, "plan_for")
    response = client.post(url, data, follow=True)
    assert READ_ONLY in response.content.decode()
    assert ActionPlan.objects.get().goals == "As submitted"
    assert Activity.objects.count() == 3
    assert revisions() == before
