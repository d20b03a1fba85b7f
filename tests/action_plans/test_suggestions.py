"""The catalogue's activities and indicators for the capability's domain, each added as a
row in one click (a POST that saves the draft and inserts the row; no JavaScript)."""

from action_plans import catalogue
from action_plans.models import ActionPlan, Activity, Indicator
from gap_analysis.models import Capability
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_plan


def test_suggestions_for_the_domain_are_shown_collapsed(cast, capability, login):
    page = login(cast.lead).get(capability_url(capability)).content.decode()
    activities = catalogue.activities_for("C")
    indicators = catalogue.indicators_for("C")
    assert '<details class="suggestions mt-3" id="activity-suggestions">' in page
    assert f"Suggested activities for Data, Analytics, and Technology ({len(activities)})" in page
    assert f"Suggested indicators for Data, Analytics, and Technology ({len(indicators)})" in page
    for suggestion in activities:
        assert f'name="suggest" value="{suggestion.code}"' in page
    for suggestion in indicators:
        assert f'name="suggest" value="{suggestion.code}"' in page
    only_financial = set(a.code for a in catalogue.activities_for("D")) - set(
        a.code for a in activities
    )
    assert not any(f'value="{code}"' in page for code in only_financial)


def test_adding_an_activity_suggestion_saves_the_draft_and_inserts_a_row(cast, capability, login):
    make_plan(capability, activities=2)
    suggestion = catalogue.activities_for("C")[0]
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["goals"] = "Typed before clicking Add"
    response = client.post(url, {**data, "suggest": suggestion.code})
    assert response.status_code == 302
    assert response["Location"] == f"{url}#id_activities-2-target_month"
    plan = ActionPlan.objects.get()
    assert plan.goals == "Typed before clicking Add"
    assert list(plan.activities.values_list("description", flat=True))[-1] == suggestion.text
    page = client.get(url).content.decode()
    assert "In your plan" in page
    assert f'name="suggest" value="{suggestion.code}"' not in page


def test_adding_an_indicator_suggestion_prefills_name_method_and_unit(cast, capability, login):
    suggestion = catalogue.indicators_for("C")[0]
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    response = client.post(url, {**data, "suggest": suggestion.code})
    assert response["Location"] == f"{url}#id_indicators-0-target"
    indicator = Indicator.objects.get()
    assert (indicator.name, indicator.how_measured, indicator.unit) == (
        suggestion.name,
        suggestion.how_measured,
        suggestion.unit,
    )
    assert indicator.target is None
    assert "Capability 2, indicator 1: give a numeric target." in client.get(url).content.decode()


def test_a_suggestion_with_invalid_typing_comes_back_as_an_unsaved_row(cast, capability, login):
    suggestion = catalogue.activities_for("C")[0]
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["indicators-0-name"] = "Members matched"
    data["indicators-0-target"] = "ten"
    response = client.post(url, {**data, "suggest": suggestion.code})
    again = form_data(response, "plan-form")
    assert again["activities-3-description"] == suggestion.text
    assert again["indicators-0-target"] == "ten"
    assert not Activity.objects.exists()


def test_a_suggestion_of_another_domain_is_refused(cast, capability, login):
    code = next(a.code for a in catalogue.catalogue().activities if "C" not in a.domains)
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    response = client.post(url, {**data, "suggest": code}, follow=True)
    assert "That suggestion is not offered for this capability." in response.content.decode()
    assert not Activity.objects.exists()


def test_a_capability_without_domain_explains_where_suggestions_come_from(cast, login):
    Capability.objects.create(milestone=cast.milestone, position=1, name="Unsorted")
    page = login(cast.lead).get(f"/milestones/{cast.milestone.pk}/action-plan/capabilities/1/")
    assert "Choose this capability's domain in the gap analysis to see suggested" in (
        page.content.decode()
    )


def test_an_added_suggestion_is_an_ordinary_editable_row(cast, capability, login):
    suggestion = catalogue.activities_for("C")[0]
    client = login(cast.lead)
    url = capability_url(capability)
    client.post(url, {**form_data(client.get(url), "plan-form"), "suggest": suggestion.code})

    data = form_data(client.get(url), "plan-form")
    assert data["activities-0-description"] == suggestion.text
    data["activities-0-description"] = "Our own wording of the first activity"
    data["activities-0-target_month"] = "3"
    data["activities-0-target_year"] = "2027"
    client.post(url, data)

    activity = Activity.objects.get()
    assert activity.description == "Our own wording of the first activity"
    assert (activity.target_month, activity.target_year) == (3, 2027)


def test_a_coach_is_offered_no_suggestions(cast, capability, login):
    page = login(cast.coach).get(capability_url(capability)).content.decode()
    assert "Suggested activities" not in page
    assert 'name="suggest"' not in page


def test_an_indicator_suggestion_with_invalid_typing_comes_back_numeric(cast, capability, login):
    suggestion = catalogue.indicators_for("C")[0]
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["activities-0-description"] = "Typed"
    data["activities-0-target_year"] = "not a year"
    response = client.post(url, {**data, "suggest": suggestion.code})
    again = form_data(response, "plan-form")
    row = int(data["indicators-TOTAL_FORMS"])  # after the rows the page already had
    assert again[f"indicators-{row}-name"] == suggestion.name
    assert again[f"indicators-{row}-kind"] == "numeric"
    assert f"Capability 2, indicator {row + 1}" not in response.content.decode()
    assert not Indicator.objects.exists()
