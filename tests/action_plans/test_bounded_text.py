"""Part C's texts and lists have bounds: a longer text, or a list of more rows than it
may have, is refused with a message naming the row, and everything typed comes back; a
count beside every text says how much room is left."""

import html
import re

from django.urls import reverse

from action_plans.models import ActionPlan, Activity, Mitigation, ProcessSummary
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url


def textarea(page, field_id):
    match = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1))


def count(page, field_id):
    return re.search(rf'<div id="{field_id}-count"[^>]*>(.*?)</div>', page, re.S).group(1)


def prose(length):
    return ("We will agree the steps with our partners. " * (length // 40 + 1))[:length].strip()


def test_an_overview_over_4000_characters_is_refused_and_kept(cast, login):
    url = reverse("action_plans:process", args=[cast.milestone.pk])
    client = login(cast.lead)
    data = form_data(client.get(url), "process-form")
    overview = prose(4321)
    data.update(overview=overview, alignment="Fits our quality work.")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    message = f"keep the overview to 4,000 characters; it has {len(overview):,}."
    assert f"Process summary, (a) Overview of activities and approach: {message}" in page
    assert message.capitalize() in page  # beside the field
    assert textarea(page, "id_overview") == overview
    assert textarea(page, "id_alignment") == "Fits our quality work."
    assert count(page, "id_overview") == f"{len(overview):,} of 4,000 characters (" + (
        f"{len(overview) - 4000} too many)"
    )
    assert not ProcessSummary.objects.filter(milestone=cast.milestone).exclude(overview="")


def test_an_activity_over_500_characters_is_refused_and_kept(cast, capability, login):
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    activity = prose(620)
    data.update(
        {
            "goals": "Monthly dashboards",
            "activities-0-description": "Hire an analyst",
            "activities-1-description": activity,
        }
    )
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    message = f"keep the activity to 500 characters; it has {len(activity)}."
    assert f"Capability 2, activity 2: {message}" in page
    assert textarea(page, "id_activities-1-description") == activity
    assert textarea(page, "id_activities-0-description") == "Hire an analyst"
    assert 'data-max="500"' in re.search(r'<textarea[^>]*id="id_activities-1-[^>]*>', page)[0]
    assert not ActionPlan.objects.filter(capability=capability).exists()


def test_goals_of_more_than_60_lines_are_refused(cast, capability, login):
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["goals"] = "\n".join(["Goal"] * 61)
    page = client.post(url, data).content.decode()
    assert "Capability 2, goals: keep the goals to 60 lines; it has 61." in page
    assert textarea(page, "id_goals") == data["goals"]


def test_a_twenty_first_activity_is_refused_and_every_row_kept(cast, capability, login):
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["activities-TOTAL_FORMS"] = "21"
    for index in range(21):
        data[f"activities-{index}-description"] = f"Step {index + 1}"
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Capability 2: keep to 20 activity rows or fewer" in page
    assert textarea(page, "id_activities-20-description") == "Step 21"
    assert not Activity.objects.exists()
    data["activities-20-description"] = ""  # a blank row is not counted
    data["activities-TOTAL_FORMS"] = "20"
    assert client.post(url, data).status_code == 302
    assert Activity.objects.count() == 20


def test_a_mitigation_over_500_characters_is_refused_and_kept(cast, login):
    url = reverse("action_plans:risks", args=[cast.milestone.pk])
    client = login(cast.lead)
    data = form_data(client.get(url), "risks-form")
    mitigation = prose(501)
    data.update(
        {
            "risk-1-description": "The analyst leaves",
            "risk-1-why_likely": "Analysts are in short supply",
            "risk-1-mitigations-0-description": mitigation,
        }
    )
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    message = f"keep the mitigation to 500 characters; it has {len(mitigation)}."
    assert f"Risk 1, mitigation 1: {message}" in page
    assert textarea(page, "id_risk-1-mitigations-0-description") == mitigation
    assert textarea(page, "id_risk-1-why_likely") == "Analysts are in short supply"
    assert not Mitigation.objects.exists()
    assert cast.milestone.risks.get(position=1).description == ""


def test_every_text_of_a_plan_shows_its_count(cast, capability, login):
    page = login(cast.lead).get(capability_url(capability)).content.decode()
    limits = {
        "id_goals": "2,000",
        "id_process_manager": "200",
        "id_other_staff": "1,000",
        "id_activities-0-description": "500",
        "id_indicators-0-name": "200",
        "id_indicators-0-how_measured": "500",
    }
    for field_id, limit in limits.items():
        assert count(page, field_id) == f"0 of {limit} characters"
        assert f'data-count-for="{field_id}"' in page
