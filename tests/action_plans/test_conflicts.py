"""Two people editing the same form: the second save is refused (409), what they typed
stays in the form beside what is stored now, and the first save is what is kept."""

from html import unescape

from django.test import Client
from django.urls import reverse

from action_plans.models import ActionPlan, ProcessSummary, Risk
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_plan


def two_clients(cast):
    first, second = Client(), Client()
    first.force_login(cast.lead)
    second.force_login(cast.admin)
    return first, second


def test_second_save_of_a_capability_plan_is_refused(cast, capability):
    make_plan(capability, goals="Original goals")
    first, second = two_clients(cast)
    url = capability_url(capability)
    mine, theirs = form_data(first.get(url), "plan-form"), form_data(second.get(url), "plan-form")

    mine["goals"] = "Goals from the lead"
    assert first.post(url, mine).status_code == 302

    theirs["goals"] = "Goals from the administrator"
    theirs["activities-0-description"] = "Reworded by the administrator"
    response = second.post(url, theirs)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Your changes were not saved" in page
    assert "saved this form after you opened it" in page
    assert "Goals from the administrator</textarea>" in page
    assert "Reworded by the administrator</textarea>" in page
    assert '<dt>Goals</dt><dd class="text-pre">Goals from the lead</dd>' in page
    plan = ActionPlan.objects.get()
    assert plan.goals == "Goals from the lead"
    assert plan.activities.filter(description="Activity 1").exists()

    # Having seen both, saving again wins.
    assert second.post(url, form_data(response, "plan-form")).status_code == 302
    assert ActionPlan.objects.get().goals == "Goals from the administrator"


def test_two_first_saves_do_not_create_two_plans(cast, capability):
    first, second = two_clients(cast)
    url = capability_url(capability)
    mine, theirs = form_data(first.get(url), "plan-form"), form_data(second.get(url), "plan-form")
    first.post(url, {**mine, "goals": "First"})
    assert second.post(url, {**theirs, "goals": "Second"}).status_code == 409
    assert list(ActionPlan.objects.values_list("goals", flat=True)) == ["First"]


def test_second_save_of_the_process_summary_is_refused(cast):
    first, second = two_clients(cast)
    url = reverse("action_plans:process", args=[cast.milestone.pk])
    mine = form_data(first.get(url), "process-form")
    theirs = form_data(second.get(url), "process-form")
    first.post(url, {**mine, "overview": "Lead's overview"})
    response = second.post(url, {**theirs, "overview": "Admin's overview"})
    assert response.status_code == 409
    assert "Admin's overview</textarea>" in unescape(response.content.decode())
    assert ProcessSummary.objects.get(milestone=cast.milestone).overview == "Lead's overview"


def test_second_save_of_the_risks_is_refused(cast):
    first, second = two_clients(cast)
    url = reverse("action_plans:risks", args=[cast.milestone.pk])
    mine = form_data(first.get(url), "risks-form")
    theirs = form_data(second.get(url), "risks-form")
    first.post(url, {**mine, "risk-1-description": "Lead's risk"})
    response = second.post(url, {**theirs, "risk-1-description": "Admin's risk"})
    assert response.status_code == 409
    assert "Admin's risk</textarea>" in unescape(response.content.decode())
    assert Risk.objects.get(milestone=cast.milestone, position=1).description == "Lead's risk"
