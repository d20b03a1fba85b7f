"""Target months are real months between January 2025 and five years after the cycle's
due date (May 2026 cycle: May 2031), checked in one place for forms and completeness."""

import pytest

from action_plans import rules
from action_plans.models import Activity
from tests.action_plans.browser import form_data, text_of
from tests.action_plans.conftest import capability_url, make_plan


@pytest.mark.parametrize(
    ("month", "year", "error"),
    [
        (12, 2024, "choose a month between January 2025 and May 2031"),
        (1, 2025, None),
        (5, 2031, None),
        (6, 2031, "choose a month between January 2025 and May 2031"),
        (13, 2026, "choose a month between 1 and 12"),
        (0, 2026, "choose a month between 1 and 12"),
        (None, 2026, None),
        (None, 2040, "choose a month between January 2025 and May 2031"),
        (7, None, None),
    ],
)
def test_a_draft_target_must_be_real_and_within_bounds(cast, month, year, error):
    assert rules.target_value_error(cast.cycle, month, year) == error


def test_the_bounds_follow_the_cycle(cast):
    assert rules.bounds_text(cast.other_cycle) == "January 2025 and November 2031"


def test_completion_needs_both_month_and_year(cast):
    assert rules.target_error(cast.cycle, None, 2026) == "choose a completion month"
    assert rules.target_error(cast.cycle, 4, None) == "choose a completion year"
    assert rules.target_error(cast.cycle, 4, 2026) is None


def _post_activity(client, capability, month, year):
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data.update(
        {
            "activities-0-description": "Hire a data analyst",
            "activities-0-target_month": str(month),
            "activities-0-target_year": str(year),
        }
    )
    return client.post(url, data)


def test_december_2024_is_refused_beside_the_field_and_in_the_summary(cast, capability, login):
    response = _post_activity(login(cast.lead), capability, 12, 2024)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<a href="#id_activities-0-target_month" class="alert-link">Capability 2, activity 1: '
        "choose a month between January 2025 and May 2031</a>" in page
    )
    assert text_of(page, "id_activities-0-target_month_error") == (
        "Choose a month between January 2025 and May 2031"
    )
    assert "Hire a data analyst</textarea>" in page
    assert 'value="2024"' in page
    assert not Activity.objects.exists()


def test_january_2025_is_accepted(cast, capability, login):
    response = _post_activity(login(cast.lead), capability, 1, 2025)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.target_month, activity.target_year) == (1, 2025)


def test_five_years_after_the_due_date_is_accepted(cast, capability, login):
    response = _post_activity(login(cast.lead), capability, 5, 2031)
    assert response.status_code == 302
    assert Activity.objects.get().target_label == "May 2031"


def test_one_month_after_the_last_allowed_is_refused(cast, capability, login):
    response = _post_activity(login(cast.lead), capability, 6, 2031)
    assert "Capability 2, activity 1: choose a month between January 2025 and May 2031" in (
        response.content.decode()
    )
    assert not Activity.objects.exists()


def test_month_thirteen_is_refused(cast, capability, login):
    response = _post_activity(login(cast.lead), capability, 13, 2026)
    assert "Capability 2, activity 1: choose a month between 1 and 12" in (
        response.content.decode()
    )
    assert not Activity.objects.exists()


def test_a_year_that_is_not_a_number_is_refused(cast, capability, login):
    response = _post_activity(login(cast.lead), capability, 3, "next year")
    assert "Capability 2, activity 1: enter the year as a number, such as 2027" in (
        response.content.decode()
    )
    assert not Activity.objects.exists()


def test_a_draft_activity_may_leave_the_month_out(cast, capability, login):
    response = _post_activity(login(cast.lead), capability, "", 2027)
    assert response.status_code == 302
    assert Activity.objects.get().target_month is None
    page = login(cast.lead).get(capability_url(capability)).content.decode()
    assert "Capability 2, activity 1: choose a completion month." in page


def test_a_refused_month_is_not_reported_as_stored(cast, capability, login):
    make_plan(capability)
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["activities-1-target_year"] = "2024"
    page = client.post(url, data).content.decode()
    assert "Capability 2, activity 2: choose a month between January 2025 and May 2031" in page
    assert "What is saved on this page meets every rule of the template." in page
    assert Activity.objects.get(description="Activity 2").target_year == 2027
