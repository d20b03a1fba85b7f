"""One capability's plan page: what it shows, draft saves, rows and their validation."""

import html
import random
import re

from action_plans.models import ActionPlan, Activity, Indicator, KeyDecision, StructuralChange
from tests.action_plans.browser import form_data, text_of
from tests.action_plans.conftest import capability_url, make_plan


def open_form(client, capability):
    url = capability_url(capability)
    return url, form_data(client.get(url), "plan-form")


def test_header_shows_the_area_of_improvement(cast, capability, login):
    page = login(cast.lead).get(capability_url(capability)).content.decode()
    assert "Capability 2: Population health analytics" in page
    assert "C. Data, Analytics, and Technology" in page
    assert (
        "Provided by a partner: Independent Practice Association (IPA) (North Valley IPA)" in page
    )


def test_a_position_without_capability_is_404(cast, capability, login):
    response = login(cast.lead).get(capability_url(capability).replace("/2/", "/3/"))
    assert response.status_code == 404


def test_a_fresh_page_offers_as_many_rows_as_the_minimums(cast, capability, login):
    _, data = open_form(login(cast.lead), capability)
    assert data["activities-TOTAL_FORMS"] == "3"
    assert data["key_decisions-TOTAL_FORMS"] == "2"
    assert data["structural_changes-TOTAL_FORMS"] == "1"
    assert data["indicators-TOTAL_FORMS"] == "1"


def test_a_draft_with_parts_missing_is_saved_and_creates_the_plan(cast, capability, login):
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data["goals"] = "Know our attributed members."
    response = client.post(url, data)
    assert response.status_code == 302
    plan = ActionPlan.objects.get(capability=capability)
    assert plan.goals == "Know our attributed members."
    assert not plan.activities.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Capability 2's action plan was saved." in html.unescape(page)
    assert "Capability 2 has 0 activities; at least 3 are required." in page
    url, data = open_form(client, capability)
    data["process_manager"] = "Maria Lopez"
    client.post(url, data)
    assert ActionPlan.objects.count() == 1
    assert ActionPlan.objects.get().process_manager == "Maria Lopez"


def test_every_part_of_the_plan_is_saved(cast, capability, login):
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data.update(
        {
            "goals": "Goals text",
            "process_manager": "Maria Lopez, operations manager",
            "other_staff": "Analysts",
            "leadership_engagement": "Monthly review",
            "leadership_needs": "Budget",
            "activities-0-description": "Sign a data-sharing agreement",
            "activities-0-target_month": "9",
            "activities-0-target_year": "2026",
            "key_decisions-0-description": "Build or buy the registry",
            "structural_changes-0-category": "governance",
            "structural_changes-0-description": "Create a VBP steering committee",
            "indicators-0-name": "Members matched",
            "indicators-0-how_measured": "Matched / attributed",
            "indicators-0-baseline": "71",
            "indicators-0-target": "90.5",
            "indicators-0-unit": "%",
            "indicators-0-target_month": "12",
            "indicators-0-target_year": "2027",
        }
    )
    assert client.post(url, data).status_code == 302
    plan = ActionPlan.objects.get()
    assert plan.leadership_needs == "Budget"
    assert plan.activities.get().target_label == "September 2026"
    assert plan.key_decisions.get().description == "Build or buy the registry"
    change = plan.structural_changes.get()
    assert (change.category, change.description) == (
        "governance",
        "Create a VBP steering committee",
    )
    indicator = plan.indicators.get()
    assert (str(indicator.baseline), str(indicator.target), indicator.unit) == (
        "71.00",
        "90.50",
        "%",
    )


def test_blank_extra_rows_are_ignored(cast, capability, login):
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data["activities-1-description"] = "Only the second row is filled"
    client.post(url, data)
    assert list(Activity.objects.values_list("description", flat=True)) == [
        "Only the second row is filled"
    ]
    assert not KeyDecision.objects.exists()
    assert not StructuralChange.objects.exists()
    assert not Indicator.objects.exists()


def test_rows_marked_for_removal_are_deleted_and_not_counted(cast, capability, login):
    make_plan(capability, activities=3)
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data["activities-1-DELETE"] = "on"
    data["activities-1-target_month"] = "13"  # what is wrong with a removed row does not matter
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(Activity.objects.values_list("description", flat=True)) == [
        "Activity 1",
        "Activity 3",
    ]
    page = client.get(url).content.decode()
    assert "Capability 2 has 2 activities; at least 3 are required." in page


def test_a_stored_row_cleared_of_everything_is_removed(cast, capability, login):
    make_plan(capability, decisions=2)
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data["key_decisions-0-description"] = "   "
    assert client.post(url, data).status_code == 302
    assert list(KeyDecision.objects.values_list("description", flat=True)) == ["Decision 2"]


def test_a_row_with_a_date_but_no_description_is_refused(cast, capability, login):
    make_plan(capability, activities=2)
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data["activities-2-target_month"] = "4"
    data["activities-2-target_year"] = "2027"
    data["goals"] = "New goals typed before the mistake"
    page = client.post(url, data).content.decode()
    assert "Capability 2, activity 3: describe the activity or clear the row" in page
    assert 'href="#id_activities-2-description"' in page
    assert "New goals typed before the mistake</textarea>" in page
    assert Activity.objects.count() == 2
    assert ActionPlan.objects.get().goals != "New goals typed before the mistake"


def test_a_structural_change_needs_a_kind(cast, capability, login):
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data["structural_changes-0-description"] = "Hire a care coordinator"
    page = client.post(url, data).content.decode()
    assert "Capability 2, structural change 1: choose the kind of structural change" in page
    assert "Hire a care coordinator</textarea>" in page
    assert not StructuralChange.objects.exists()


def test_a_target_in_words_is_refused_with_a_message(cast, capability, login):
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data.update(
        {
            "indicators-0-name": "Members matched",
            "indicators-0-baseline": "about seventy",
            "indicators-0-target": "ten",
        }
    )
    page = client.post(url, data).content.decode()
    assert "Capability 2, indicator 1: enter the target as a number, such as 90 or 12.5" in page
    assert "Capability 2, indicator 1: enter the baseline as a number, such as 90 or 12.5" in page
    assert text_of(page, "id_indicators-0-target_error") == (
        "Enter the target as a number, such as 90 or 12.5"
    )
    assert 'value="ten"' in page and 'value="about seventy"' in page
    assert not Indicator.objects.exists()


def test_an_indicator_needs_a_name_once_anything_is_typed(cast, capability, login):
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data["indicators-0-target"] = "90"
    page = client.post(url, data).content.decode()
    assert "Capability 2, indicator 1: name the indicator or clear the row" in page


def test_twenty_activities_are_saved_and_shown_in_date_order(cast, capability, login):
    client = login(cast.lead)
    url, data = open_form(client, capability)
    dates = [(year, month) for year in (2026, 2027, 2028, 2029, 2030) for month in range(1, 11)]
    random.Random(5).shuffle(dates)
    dates = dates[:19]  # and one without a date: as many activities as a plan may have
    data["activities-TOTAL_FORMS"] = "20"
    for index, (year, month) in enumerate(dates):
        data[f"activities-{index}-description"] = f"Step {year}-{month:02d}"
        data[f"activities-{index}-target_month"] = str(month)
        data[f"activities-{index}-target_year"] = str(year)
    data["activities-19-description"] = "Step without a date"
    assert client.post(url, data).status_code == 302
    assert Activity.objects.count() == 20
    page = client.get(url).content.decode()
    shown = re.findall(r'name="activities-\d+-description"[^>]*>\n(Step [^<]*)</textarea>', page)
    expected = [f"Step {y}-{m:02d}" for y, m in sorted(dates)] + ["Step without a date"]
    assert shown == expected


def test_a_stored_row_can_be_changed(cast, capability, login):
    make_plan(capability)
    client = login(cast.lead)
    url, data = open_form(client, capability)
    data["activities-0-description"] = "Activity 1, reworded"
    data["activities-0-target_year"] = "2028"
    client.post(url, data)
    activity = Activity.objects.get(description="Activity 1, reworded")
    assert activity.target_year == 2028
    assert Activity.objects.count() == 3


def test_a_target_that_is_not_a_finite_number_is_refused_and_kept(cast, capability, login):
    """ "NaN", "sNaN" and "Infinity" are numbers to Python but not targets; a signalling
    NaN once broke the comparison of a stored indicator with what was typed (a 500)."""
    make_plan(capability, indicators=1)
    client = login(cast.lead)
    for typed in ("sNaN", "NaN", "-Infinity"):
        url, data = open_form(client, capability)
        data["indicators-0-target"] = typed
        response = client.post(url, data)
        page = html.unescape(response.content.decode())
        assert response.status_code == 200
        assert "enter the target as a number, such as 90 or 12.5" in page
        assert f'value="{typed}"' in page
    assert all(i.target.is_finite() for i in Indicator.objects.all())


def test_a_stored_number_is_shown_as_typed_not_with_trailing_zeros(cast, capability, login):
    make_plan(capability)  # baseline 71, target 90
    Indicator.objects.update(target="90.50")
    _, data = open_form(login(cast.lead), capability)
    assert (data["indicators-0-baseline"], data["indicators-0-target"]) == ("71", "90.5")
