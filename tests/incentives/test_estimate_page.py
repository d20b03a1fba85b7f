"""The "Estimate VBP payments" page: leads estimate and save scenarios; coaches and
administrators read; respondents and other practices get 404; a submitted milestone is
read-only."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from action_plans.models import Indicator
from incentives.models import SavedEstimate
from submissions.models import MilestoneSubmission
from tests.action_plans.conftest import make_capability

TODAY = {
    "practice_type": "adult",
    "members": "1000",
    "incentive_pmpm": "5",
    "population_health_pmpm": "10",
    "hpi_decile": "3",
    "m-CBP-baseline": "60",
    "m-CBP-current": "64",
    "m-CBP-denominator": "150",
    "m-COL-E-baseline": "55",
    "m-COL-E-current": "65",
    "m-COL-E-denominator": "200",
    "m-GSD-baseline": "30",
    "m-GSD-current": "24",
    "m-GSD-denominator": "80",
    "m-AHU-baseline": "24",
    "m-AHU-current": "22",
    "m-AHU-denominator": "12000",
    "m-DSF-E-denominator": "300",
    "m-DSF-E-screening-baseline": "1",
    "m-DSF-E-screening-current": "5",
    "m-DSF-E-follow_up-baseline": "70",
    "m-DSF-E-follow_up-current": "72",
    # The assumptions as the page offers them (the guide's readings).
    "a_lower_is_better": ["GSD", "AHU", "EDU", "TCOC"],
    "a_adult_quality_min_denominator": "20",
    "a_pediatric_quality_min_denominator": "10",
    "a_min_member_months": "1800",
    "a_below_half_pool_percent": "50",
    "a_gap_closure_percent": "10",
    "a_rescale": "on",
    "a_attainment_scale": "linear",
}


def url(milestone):
    return reverse("incentives:estimate", args=[milestone.pk])


def save(client, milestone, name, **changes):
    data = {**TODAY, **changes, "name": name, "save": "1"}
    return client.post(url(milestone), data)


@pytest.mark.parametrize("role", ["respondent", "other_lead", "other_coach"])
def test_people_outside_the_milestone_get_404(cast, login, role):
    client = login(getattr(cast, role))
    assert client.get(url(cast.milestone)).status_code == 404
    assert client.post(url(cast.milestone), TODAY).status_code == 404


def test_anonymous_is_sent_to_log_in(cast, login):
    response = login(None).get(url(cast.milestone))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_lead_estimates_without_saving(cast, login):
    page = login(cast.lead).post(url(cast.milestone), {**TODAY, "estimate": "1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "This estimate (not saved)" in text
    assert "$36,341.46" in text  # the performance incentive (see test_command)
    assert "$123,600.00" in text  # population health: 1000 x 12 x 10 x 1.03
    assert "CBP 64 -&gt; attainment at 67" in text
    assert 'src="data:image/svg+xml;base64,' in text
    assert "Bar chart of the performance incentive per measure. AMR: $0.00 earned" in text
    assert not SavedEstimate.objects.exists()


def test_saved_scenarios_are_side_by_side(cast, login):
    client = login(cast.lead)
    response = save(client, cast.milestone, "Today")
    saved = SavedEstimate.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?scenario={saved.pk}#result")
    assert saved.inputs["measures"]["CBP"] == {
        "baseline": "60",
        "current": "64",
        "denominator": 150,
    }
    assert "assumptions" not in saved.inputs  # only changes from the guide's reading are kept
    save(
        client,
        cast.milestone,
        "CBP and COL-E at attainment",
        **{"m-CBP-current": "67", "m-COL-E-current": "63"},
    )
    page = client.get(url(cast.milestone)).content.decode()
    assert page.index(">Today<") < page.index(">CBP and COL-E at attainment<")
    assert "Improvement: $5,853.66" in page  # CBP today
    assert "Attainment: $" in page


def test_saving_under_the_same_name_replaces(cast, login):
    client = login(cast.lead)
    save(client, cast.milestone, "Today")
    save(client, cast.milestone, "Today", **{"members": "2000"})
    assert SavedEstimate.objects.get().inputs["members"] == 2000


def test_a_bad_value_is_refused_beside_its_field(cast, login):
    response = login(cast.lead).post(
        url(cast.milestone), {**TODAY, "m-CBP-current": "140", "estimate": "1"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "expected at most 100" in text
    assert 'id="id_m-CBP-current"' in text and 'aria-invalid="true"' in text


def test_a_changed_assumption_is_kept_with_the_scenario(cast, login):
    client = login(cast.lead)
    save(client, cast.milestone, "Strict", a_gap_closure_percent="30")
    saved = SavedEstimate.objects.get()
    assert saved.inputs["assumptions"] == {"gap_closure": "0.3"}
    page = client.get(url(cast.milestone), {"scenario": saved.pk}).content.decode()
    assert "least 30%" in page  # the assumption as listed
    assert 'value="30"' in page  # and back in the form


def test_coach_reads_saved_scenarios_without_a_form(cast, login):
    save(login(cast.lead), cast.milestone, "Today")
    saved = SavedEstimate.objects.get()
    client = login(cast.coach)
    page = client.get(url(cast.milestone), {"scenario": saved.pk}).content.decode()
    assert "Scenario “Today”" in page
    assert 'name="members"' not in page
    assert "Remove “Today”" not in page
    assert client.post(url(cast.milestone), TODAY).status_code == 404
    scenario_url = reverse("incentives:scenario", args=[cast.milestone.pk, saved.pk])
    assert client.post(scenario_url, {"delete": "1"}).status_code == 404
    assert SavedEstimate.objects.exists()


def test_administrator_may_edit(cast, login):
    assert save(login(cast.admin), cast.milestone, "Admin's").status_code == 302


def test_submitted_milestone_is_read_only(cast, login):
    client = login(cast.lead)
    save(client, cast.milestone, "Today")
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted")
    page = client.get(url(cast.milestone)).content.decode()
    assert 'name="members"' not in page
    assert "read-only" in page
    response = save(client, cast.milestone, "After")
    assert response.status_code == 302
    assert SavedEstimate.objects.count() == 1
    saved = SavedEstimate.objects.get()
    scenario_url = reverse("incentives:scenario", args=[cast.milestone.pk, saved.pk])
    client.post(scenario_url, {"delete": "1"})
    assert SavedEstimate.objects.count() == 1


def test_lead_removes_and_prints_a_scenario(cast, login):
    client = login(cast.lead)
    save(client, cast.milestone, "Today")
    saved = SavedEstimate.objects.get()
    scenario_url = reverse("incentives:scenario", args=[cast.milestone.pk, saved.pk])
    client.post(scenario_url, {"in_pdf": "1"})
    saved.refresh_from_db()
    assert saved.in_pdf
    client.post(scenario_url, {"delete": "1"})
    assert not SavedEstimate.objects.exists()


def test_a_scenario_of_another_milestone_is_404(cast, login):
    save(login(cast.other_lead), cast.other_milestone, "Theirs")
    theirs = SavedEstimate.objects.get()
    client = login(cast.lead)
    scenario_url = reverse("incentives:scenario", args=[cast.milestone.pk, theirs.pk])
    assert client.post(scenario_url, {"delete": "1"}).status_code == 404
    assert SavedEstimate.objects.exists()


def test_an_indicator_from_a_measure_lands_on_the_plan(cast, login):
    make_capability(cast.milestone, position=1, name="Quality reporting")
    client = login(cast.lead)
    save(client, cast.milestone, "Today")
    saved = SavedEstimate.objects.get()
    page = client.get(url(cast.milestone), {"scenario": saved.pk}).content.decode()
    assert "Add CBP as an indicator" in page
    assert "Attainment threshold 67 ($8,780 a year at stake)" in page  # 9 x 100/61.5 % of $60,000
    indicator_url = reverse("incentives:indicator", args=[cast.milestone.pk, saved.pk])
    response = client.post(
        indicator_url, {"measure": "CBP", "target": "attainment", "capability": 1}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("action_plans:capability", args=[cast.milestone.pk, 1])
    indicator = Indicator.objects.get()
    assert indicator.name == "Controlling High Blood Pressure (CBP)"
    assert (indicator.baseline, indicator.target, indicator.unit) == (64, 67, "%")
    assert indicator.target_month is None
    assert "$8,780.49" in indicator.how_measured
    # Baseline + 10% of the gap to gold: CBP 60 + 0.1 x (74 - 60) = 61.4; GSD (lower is
    # better) 30 + 0.1 x (20 - 30) = 29.
    client.post(indicator_url, {"measure": "CBP", "target": "improvement", "capability": 1})
    assert Indicator.objects.last().target == D("61.4")
    client.post(indicator_url, {"measure": "GSD", "target": "improvement", "capability": 1})
    assert Indicator.objects.last().target == 29
    # DSF-E's components each make their own indicator.
    client.post(
        indicator_url, {"measure": "DSF-E:follow_up", "target": "attainment", "capability": 1}
    )
    assert Indicator.objects.last().name.endswith("(DSF-E), follow-up on positive screen")
    assert Indicator.objects.last().target == 81
    # A measure without a valid result offers nothing.
    client.post(indicator_url, {"measure": "BCS-E", "target": "attainment", "capability": 1})
    assert Indicator.objects.count() == 4


def test_coach_may_not_create_an_indicator(cast, login):
    save(login(cast.lead), cast.milestone, "Today")
    saved = SavedEstimate.objects.get()
    indicator_url = reverse("incentives:indicator", args=[cast.milestone.pk, saved.pk])
    response = login(cast.coach).post(
        indicator_url, {"measure": "CBP", "target": "attainment", "capability": 1}
    )
    assert response.status_code == 404
    assert not Indicator.objects.exists()


def test_the_financial_row_and_the_capabilities_page_link_to_the_estimator(cast, login):
    client = login(cast.lead)
    link = f'<a href="{url(cast.milestone)}">Estimate VBP payments</a>'
    gap_page = client.get(reverse("gap_analysis:edit", args=[cast.milestone.pk])).content.decode()
    assert gap_page.count(link) == 1
    # ... in the Financial row.
    assert gap_page.index('id="row-D"') < gap_page.index(link) < gap_page.index('id="row-E"')
    capabilities = reverse("gap_analysis:capabilities", args=[cast.milestone.pk])
    assert link in client.get(capabilities).content.decode()


def test_saving_needs_a_name(cast, login):
    response = save(login(cast.lead), cast.milestone, "  ")
    assert response.status_code == 200
    assert "Name the scenario to save it." in response.content.decode()
    assert not SavedEstimate.objects.exists()
