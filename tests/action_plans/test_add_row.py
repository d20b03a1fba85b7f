"""Rows are added without JavaScript: "Add another …" submits the form and the page comes
back with one more empty row and everything typed kept (nothing is saved). With
JavaScript the same button clones the formset's empty form in place."""

from action_plans.models import ActionPlan, Mitigation
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_plan


def test_add_another_activity_keeps_what_was_typed(cast, capability, login):
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data.update(
        {
            "goals": "Goals typed, not yet saved",
            "activities-0-description": "Sign the data-sharing agreement",
            "activities-0-target_month": "9",
            "activities-0-target_year": "2026",
            "indicators-0-target": "ten",
            "add": "activities",
        }
    )
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "A row was added below. Nothing is saved until you press" in page
    again = form_data(response, "plan-form")
    assert again["activities-TOTAL_FORMS"] == "4"
    assert again["activities-3-description"] == ""
    assert again["goals"] == "Goals typed, not yet saved"
    assert again["activities-0-description"] == "Sign the data-sharing agreement"
    assert again["activities-0-target_month"] == "9"
    assert again["indicators-0-target"] == "ten"
    assert not ActionPlan.objects.exists()

    # The user fills the new row and saves: everything arrives.
    again["activities-3-description"] = "Train the care team"
    again["indicators-0-target"] = "90"
    again["indicators-0-name"] = "Members matched"
    assert client.post(url, again).status_code == 302
    plan = ActionPlan.objects.get()
    assert plan.goals == "Goals typed, not yet saved"
    assert sorted(plan.activities.values_list("description", flat=True)) == [
        "Sign the data-sharing agreement",
        "Train the care team",
    ]


def test_add_another_works_for_each_kind_of_row(cast, capability, login):
    make_plan(capability)
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    for prefix in ["key_decisions", "structural_changes", "indicators"]:
        before = int(data[f"{prefix}-TOTAL_FORMS"])
        data = form_data(client.post(url, {**data, "add": prefix}), "plan-form")
        assert int(data[f"{prefix}-TOTAL_FORMS"]) == before + 1


def test_the_page_offers_a_template_row_for_javascript(cast, capability, login):
    page = login(cast.lead).get(capability_url(capability)).content.decode()
    assert '<template id="activities-empty">' in page
    assert 'name="activities-__prefix__-description"' in page
    assert 'data-add-row="activities"' in page
    assert "js/action_plans.js" in page
    assert "<script>" not in page and " style=" not in page


def test_add_another_mitigation_keeps_what_was_typed(cast, login):
    client = login(cast.lead)
    url = f"/milestones/{cast.milestone.pk}/action-plan/risks/"
    data = form_data(client.get(url), "risks-form")
    data.update(
        {
            "risk-1-description": "Analyst leaves",
            "risk-1-mitigations-0-description": "Cross-train a second person",
            "add": "risk-1-mitigations",
        }
    )
    again = form_data(client.post(url, data), "risks-form")
    assert again["risk-1-mitigations-TOTAL_FORMS"] == "2"
    assert again["risk-1-description"] == "Analyst leaves"
    assert again["risk-1-mitigations-0-description"] == "Cross-train a second person"
    assert not Mitigation.objects.exists()
