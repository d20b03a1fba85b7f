"""Suggestions that fit the capability: ranked by the VaPCAT items behind it, offered to
the practice's organisation type, without the milestone itself, with the behavioural
health integration items of the PDPP, seed 004's benchmarks as hints and the template's
"not required" sentence beside anything that would mean entering a contract."""

import re

import pytest
from django.utils import timezone

from action_plans import catalogue, selectors
from action_plans.models import Activity
from assessments.models import Answer, ConsensusScore, Response
from gap_analysis.models import DomainRating
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_capability

NOT_REQUIRED = "Entering into a new VBP contract is not required to meet this milestone."


def suggestion_html(page, code):
    """The list entry of suggestion ``code`` on the page (a failure if it is not there)."""
    found = re.search(rf'<li[^>]*id="suggestion-{code}">(.*?)</li>', page, re.S)
    assert found, f"{code} is not offered"
    return found.group(1)


def offered_codes(page, list_id):
    """The codes of the suggestions in list ``list_id``, in page order."""
    found = re.search(rf'<ul[^>]*id="{list_id}">(.*?)</ul>', page, re.S)
    return re.findall(r'id="suggestion-([A-Z]+-[A-Z]+-[0-9]+)"', found.group(1)) if found else []


def score(milestone, code, value):
    item = milestone.instrument.domains.get(code=code[0]).items.get(code=code)
    ConsensusScore.objects.create(milestone=milestone, item=item, score=value)
    return item


def page_of(client, capability):
    return client.get(capability_url(capability)).content.decode()


# --- the milestone itself --------------------------------------------------------------


def test_the_vbp_readiness_assessment_is_not_suggested_it_is_this_milestone(cast, login):
    assert catalogue.activity("ACT-VBP-1") is None
    for suggestion in catalogue.catalogue().activities:
        assert not suggestion.text.startswith("Assess value-based payment readiness")
    client = login(cast.lead)
    for position, code in [(1, "A"), (2, "E")]:
        page = page_of(client, make_capability(cast.milestone, position=position, code=code))
        assert "Assess value-based payment readiness" not in page
        assert 'value="ACT-VBP-1"' not in page


# --- organisation type -----------------------------------------------------------------


def test_an_independent_practice_is_not_offered_the_fqhc_apm(cast, login):
    capability = make_capability(cast.milestone, code="D", name="Revenue modelling")
    page = page_of(login(cast.lead), capability)
    assert 'value="ACT-APM-1"' not in page
    assert "For FQHCs" not in page
    assert 'value="ACT-FIN-1"' in page


def test_an_fqhc_is_offered_the_fqhc_apm(cast, login):
    capability = make_capability(cast.other_milestone, code="D", name="Revenue modelling")
    page = page_of(login(cast.other_lead), capability)
    assert "For FQHCs: assess APM readiness" in suggestion_html(page, "ACT-APM-1")


def test_an_independent_practice_cannot_add_the_fqhc_apm_by_hand(cast, login):
    capability = make_capability(cast.milestone, code="D", name="Revenue modelling")
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    response = client.post(url, {**data, "suggest": "ACT-APM-1"}, follow=True)
    assert "That suggestion is not offered for this capability." in response.content.decode()
    assert not Activity.objects.exists()


# --- ranking by the capability's gaps --------------------------------------------------


def test_suggestions_for_a_low_scoring_item_of_the_domain_come_first(cast, capability, login):
    # C4: "connected to a QHIO ... receive data such as hospital admissions and discharges".
    score(cast.milestone, "C4", 0)
    score(cast.milestone, "C1", 3)
    page = page_of(login(cast.lead), capability)

    assert offered_codes(page, "activity-suggestions-for-gaps") == ["ACT-DXF-1", "ACT-DXF-2"]
    rest = offered_codes(page, "activity-suggestions-for-domain")
    assert rest[0] == "ACT-DAT-1"  # the rest keep the file's order
    assert not {"ACT-DXF-1", "ACT-DXF-2"} & set(rest)
    assert "For this capability's gaps" in page
    assert "C4* (consensus score 0): Data, Analytics, and Technology item 4" in page
    assert "For your gap C4" in suggestion_html(page, "ACT-DXF-1")
    assert offered_codes(page, "indicator-suggestions-for-gaps") == []


def test_without_scores_the_domain_s_suggestions_are_listed_in_file_order(cast, capability, login):
    page = page_of(login(cast.lead), capability)
    assert "For this capability's gaps" not in page
    assert offered_codes(page, "activity-suggestions-for-domain") == [
        s.code for s in catalogue.activities_for("C", "independent")
    ]


def test_an_item_named_in_the_gap_row_comes_before_a_lower_score(cast, capability, login):
    c1 = score(cast.milestone, "C1", 2)
    score(cast.milestone, "C4", 0)
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="C").update(
        gaps=f"Our own words first.\n{c1.text}"
    )

    gaps = selectors.capability_gaps(capability)

    assert [(g.item.code, g.score, g.named) for g in gaps] == [("C1", 2, True), ("C4", 0, False)]
    page = page_of(login(cast.lead), capability)
    first = offered_codes(page, "activity-suggestions-for-gaps")
    c1_codes = [s.code for s in catalogue.activities_for("C") if "C1" in s.items]
    assert first[: len(c1_codes)] == c1_codes
    assert first[len(c1_codes) :] == ["ACT-DXF-1", "ACT-DXF-2"]
    assert "C1 (named in your gap analysis)" in page
    assert "IND-DQG-1" in offered_codes(page, "indicator-suggestions-for-gaps")


def test_scores_come_from_submitted_answers(cast, capability):
    response = Response.objects.create(
        milestone=cast.milestone,
        respondent=cast.respondent,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    domain = cast.milestone.instrument.domains.get(code="C")
    for item, value in zip(domain.items.order_by("order"), [3, 1, 2, 3], strict=True):
        Answer.objects.create(response=response, item=item, value=value)
    draft = Response.objects.create(milestone=cast.milestone, respondent=cast.lead)
    Answer.objects.create(response=draft, item=domain.items.get(code="C3"), value=0)

    assert [(g.item.code, g.score) for g in selectors.capability_gaps(capability)] == [("C2", 1)]


def test_another_domain_s_low_scores_do_not_rank(cast, capability):
    score(cast.milestone, "D1", 0)
    assert selectors.capability_gaps(capability) == []


# --- behavioural health integration ----------------------------------------------------


def test_behavioral_health_integration_is_suggested_for_operations(cast, login):
    capability = make_capability(cast.milestone, code="B", name="Integrated behavioral health")
    page = page_of(login(cast.lead), capability)
    screening = suggestion_html(page, "ACT-BHI-1")
    assert "behavioral health screening approach" in screening
    assert "PHQ-2/9" in screening
    assert "PDPP: Behavioral Health / Behavioral Health Integration (BHI) in Primary Care" in (
        screening
    )
    assert "Collaborative Care Model" in suggestion_html(page, "ACT-BHI-4")
    assert "Patients screened for behavioral health" in suggestion_html(page, "IND-BHI-1")


def test_behavioral_health_items_address_item_b7():
    behavioral = [
        s
        for s in (*catalogue.catalogue().activities, *catalogue.catalogue().indicators)
        if s.source.startswith("PDPP: Behavioral Health")
    ]
    assert len(behavioral) >= 5
    assert all("B" in s.domains and "B7" in s.items for s in behavioral)


# --- seed 004's benchmarks as hints ----------------------------------------------------


def test_care_coordinator_staffing_benchmark_is_a_hint_on_care_coordination(cast, login):
    capability = make_capability(cast.milestone, code="B", name="Care coordination")
    page = page_of(login(cast.lead), capability)
    for code in ("ACT-CTM-1", "ACT-CTM-2", "IND-CTM-1"):
        hint = suggestion_html(page, code)
        assert "Benchmark, care-coordinator staffing (primary care)" in hint
        assert "good: 0.5-1.0 FTE per 1,500-2,000 attributed patients" in hint
        assert "poor: Shared responsibility, no dedicated role" in hint
        assert "Source: VBC operational readiness, industry benchmarks (CMS Innovation Center" in (
            hint
        )
    assert "Benchmark" not in suggestion_html(page, "ACT-EMP-2")


def test_monthly_quality_measure_review_is_a_hint_on_the_dashboard(cast, capability, login):
    page = page_of(login(cast.lead), capability)
    for code in ("ACT-DSH-2", "IND-DSH-1"):
        hint = suggestion_html(page, code)
        assert "Benchmark, quality measure review cadence" in hint
        assert "good: Monthly, with a provider dashboard and improvement plans" in hint
        assert "poor: Annual, for payer reports only" in hint
    assert "Benchmark" not in suggestion_html(page, "ACT-DQG-1")


# --- contracts are not required --------------------------------------------------------


@pytest.mark.parametrize("code", ["ACT-VBP-5", "ACT-VBP-3", "ACT-PAY-4", "IND-PAY-1"])
def test_contract_suggestions_say_a_new_contract_is_not_required(cast, login, code):
    capability = make_capability(cast.milestone, code="E", name="Payer relations")
    page = page_of(login(cast.lead), capability)
    assert NOT_REQUIRED in suggestion_html(page, code)


def test_suggestions_without_a_contract_do_not_carry_the_sentence(cast, login):
    capability = make_capability(cast.milestone, code="E", name="Payer relations")
    page = page_of(login(cast.lead), capability)
    assert NOT_REQUIRED not in suggestion_html(page, "ACT-PAY-2")
    assert NOT_REQUIRED not in suggestion_html(page, "IND-PAY-2")


# --- every item and hint names its source ----------------------------------------------


def test_every_suggestion_and_hint_names_its_source():
    shipped = catalogue.catalogue()
    for entry in (*shipped.activities, *shipped.indicators, *shipped.risks, *shipped.benchmarks):
        assert entry.source.strip(), entry.code


def test_catalogue_items_name_vapcat_items_of_their_domains():
    shipped = catalogue.catalogue()
    for suggestion in (*shipped.activities, *shipped.indicators):
        assert all(item[0] in suggestion.domains for item in suggestion.items)
