"""The estimator page's queries do not grow with its saved scenarios."""

import pytest
from django.urls import reverse

from incentives.models import SCENARIOS_MAX, SavedEstimate

INPUTS = {
    "practice_type": "mixed",
    "members": 500,
    "incentive_pmpm": "4",
    "population_health_pmpm": "8",
    "measures": {"CBP": {"baseline": "60", "current": "68", "denominator": 40}},
}


def save_scenarios(milestone, count):
    for n in range(count):
        SavedEstimate.objects.create(milestone=milestone, name=f"Scenario {n}", inputs=INPUTS)


# session, user, milestone, the user's role, the saved scenarios, the capabilities (for
# "add as an indicator", editors only), the navbar's practices; then the session's save
# (3, in a savepoint). A coach: no membership but the assignment, no capabilities and
# no navbar practices.
LEAD_QUERIES = 7 + 3
COACH_QUERIES = 6 + 3


@pytest.mark.parametrize("count", [1, SCENARIOS_MAX])
def test_lead_page_queries_do_not_grow_with_scenarios(
    cast, login, django_assert_num_queries, count
):
    save_scenarios(cast.milestone, count)
    client = login(cast.lead)
    first = SavedEstimate.objects.first()
    url = reverse("incentives:estimate", args=[cast.milestone.pk])
    with django_assert_num_queries(LEAD_QUERIES):
        page = client.get(url, {"scenario": first.pk}).content.decode()
    assert page.count("Remove “Scenario") == count


@pytest.mark.parametrize("count", [1, SCENARIOS_MAX])
def test_coach_page_queries_do_not_grow_with_scenarios(
    cast, login, django_assert_num_queries, count
):
    save_scenarios(cast.milestone, count)
    client = login(cast.coach)
    url = reverse("incentives:estimate", args=[cast.milestone.pk])
    with django_assert_num_queries(COACH_QUERIES):
        client.get(url)
