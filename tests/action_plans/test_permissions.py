"""Who may see and change part C: leads and administrators edit; the assigned coach reads
(a POST is 404); respondents and other practices get 404; a submitted milestone is
read-only for everyone."""

import pytest
from django.urls import reverse

from action_plans.models import ActionPlan, Activity, ProcessSummary
from submissions.models import MilestoneSubmission
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_plan


def urls(cast, capability):
    pk = cast.milestone.pk
    return [
        reverse("action_plans:process", args=[pk]),
        capability_url(capability),
        reverse("action_plans:risks", args=[pk]),
    ]


@pytest.mark.parametrize("role", ["respondent", "other_lead", "other_coach"])
def test_people_outside_the_plan_get_404(cast, capability, login, role):
    client = login(getattr(cast, role))
    for url in urls(cast, capability):
        assert client.get(url).status_code == 404
        assert client.post(url, {"goals": "x"}).status_code == 404


def test_coach_reads_the_plan_without_a_form(cast, capability, login):
    make_plan(capability, goals="Know our members")
    client = login(cast.coach)
    for url in urls(cast, capability):
        page = client.get(url).content.decode()
        assert 'name="revision"' not in page
        assert "Save draft" not in page
        assert "Add another" not in page
    page = client.get(capability_url(capability)).content.decode()
    assert "Know our members" in page
    assert "January 2027" in page
    assert 'name="suggest"' not in page


def test_coach_post_is_404_and_saves_nothing(cast, capability, login):
    make_plan(capability, goals="Kept")
    client = login(cast.coach)
    response = client.post(capability_url(capability), {"goals": "Coach's words"})
    assert response.status_code == 404
    assert ActionPlan.objects.get().goals == "Kept"


def test_administrator_edits(cast, capability, login):
    client = login(cast.admin)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["goals"] = "Set by the program"
    assert client.post(url, data).status_code == 302
    assert ActionPlan.objects.get().goals == "Set by the program"


def test_the_plan_is_read_only_after_submit(cast, capability, login):
    make_plan(capability, goals="As submitted")
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)

    page = client.get(url).content.decode()
    assert "This milestone is submitted; it is read-only." in page
    assert 'name="revision"' not in page and "As submitted" in page

    data["goals"] = "Changed after submitting"
    data["activities-0-DELETE"] = "on"
    response = client.post(url, data, follow=True)
    assert "This milestone is submitted, so it is read-only; nothing was saved." in (
        response.content.decode()
    )
    assert ActionPlan.objects.get().goals == "As submitted"
    assert Activity.objects.count() == 3


@pytest.mark.parametrize("name", ["action_plans:process", "action_plans:risks"])
def test_process_and_risks_refuse_saves_after_submit(cast, login, name):
    client = login(cast.lead)
    url = reverse(name, args=[cast.milestone.pk])
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="accepted", version=1)
    response = client.post(url, {"overview": "Too late", "risk-1-description": "Too late"})
    assert response.status_code == 302
    assert "Too late" not in client.get(url).content.decode()
    assert ProcessSummary.objects.get(milestone=cast.milestone).overview == ""
