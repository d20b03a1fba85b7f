"""Each reader gets the page for their own role and state: editors the form, coaches and
everyone after submit the plan read-only; the form posts with the reader's own CSRF token
and always shows what is stored now."""

from django.test import Client

from action_plans.models import Activity
from submissions.models import MilestoneSubmission
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_plan


def page(client, capability):
    return client.get(capability_url(capability)).content.decode()


def test_editors_and_readers_each_get_their_own_page(cast, capability, login):
    make_plan(capability)
    field = 'name="activities-0-description"'
    assert field in page(login(cast.lead), capability)
    coach_page = page(login(cast.coach), capability)
    assert field not in coach_page and 'id="activities-rows"' not in coach_page
    assert '<tr id="activities-0"' in coach_page
    assert field in page(login(cast.admin), capability)
    # Submitted: the same content, read-only for the lead too.
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted")
    assert field not in page(login(cast.lead), capability)


def test_the_form_posts_with_the_readers_own_csrf_token(cast, capability, login):
    make_plan(capability)
    page(login(cast.lead), capability)
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(cast.admin)
    url = capability_url(capability)
    data = form_data(admin.get(url), "plan-form")
    data["goals"] = "Written by the administrator."
    response = admin.post(url, data)
    assert response.status_code == 302
    assert "Written by the administrator." in page(login(cast.lead), capability)


def test_the_page_follows_every_save(cast, capability, login):
    make_plan(capability)
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["activities-0-description"] = "Hire a data analyst."
    assert client.post(url, data).status_code == 302
    assert "Hire a data analyst." in page(client, capability)
    # ... and a change made elsewhere (the admin site saves the row itself).
    activity = Activity.objects.get(description="Hire a data analyst.")
    activity.description = "Hire two data analysts."
    activity.save()
    shown = page(client, capability)
    assert "Hire two data analysts." in shown and "Hire a data analyst." not in shown
