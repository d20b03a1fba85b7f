"""One click adds a suggestion, with JavaScript (the page's autosave running) as without:
an activity on the capability's page, a common mistake on the risks page; what it wrote
is then edited like anything typed."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from action_plans import catalogue
from action_plans.models import Activity, Risk
from assessments.models import ConsensusScore
from tests.action_plans.conftest import capability_url, make_capability
from tests.e2e.people import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_one_click_adds_an_activity_that_stays_editable(open_page, cast, javascript):
    capability = make_capability(cast.milestone, code="B", name="Care coordination")
    suggestion = catalogue.activity("ACT-CTM-2")
    page = open_page(javascript=javascript)
    log_in(page, cast.lead.email)
    page.goto(capability_url(capability))
    page.click("#activity-suggestions summary")
    expect(page.locator("#suggestion-ACT-CTM-2")).to_contain_text(
        "0.5-1.0 FTE per 1,500-2,000 attributed patients"
    )
    with page.expect_navigation():
        page.click("button[name=suggest][value=ACT-CTM-2]")
    expect(page.get_by_text("the suggestion was added as row 1")).to_be_visible()
    assert page.input_value("#id_activities-0-description") == suggestion.text

    page.fill("#id_activities-0-description", "Hire a 0.5 FTE care coordinator")
    with page.expect_navigation():
        page.click("button[name=save] >> nth=0")
    assert list(Activity.objects.values_list("description", flat=True)) == [
        "Hire a 0.5 FTE care coordinator"
    ]
    assert page.problems == []


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_one_click_uses_a_common_mistake_as_a_risk(open_page, cast, javascript):
    suggestion = catalogue.risk("RSK-VBC-1")
    page = open_page(javascript=javascript)
    log_in(page, cast.lead.email)
    page.goto(reverse("action_plans:risks", args=[cast.milestone.pk]))
    page.click("#risk-suggestions summary")
    expect(page.locator("#suggestion-RSK-VBC-1")).to_contain_text("Source: VBC operational")
    with page.expect_navigation():
        page.click("button[name=suggest][value=RSK-VBC-1]")
    expect(page.get_by_text("the suggestion was added as risk 1")).to_be_visible()
    assert page.input_value("#id_risk-1-description") == suggestion.risk

    page.fill("#id_risk-1-why_likely", "Our IPA offers a downside track next year.")
    with page.expect_navigation():
        page.click("button[name=save] >> nth=0")
    risk = Risk.objects.get(milestone=cast.milestone, position=1)
    assert risk.why_likely == "Our IPA offers a downside track next year."
    assert list(risk.mitigations.values_list("description", flat=True)) == [suggestion.mitigation]
    assert page.problems == []


def test_open_suggestion_lists_pass_the_audit(open_page, cast, auditor):
    capability = make_capability(cast.milestone, code="E", name="Payer relations")
    item = cast.milestone.instrument.domains.get(code="E").items.get(code="E3")
    ConsensusScore.objects.create(milestone=cast.milestone, item=item, score=0)
    page = open_page()
    log_in(page, cast.lead.email)
    page.goto(capability_url(capability))
    page.click("#activity-suggestions summary")
    page.click("#indicator-suggestions summary")
    expect(page.locator("#suggestion-ACT-VBP-5")).to_contain_text(
        "Entering into a new VBP contract is not required to meet this milestone."
    )
    auditor.look(page, "capability-suggestions")
    page.goto(reverse("action_plans:risks", args=[cast.milestone.pk]))
    page.click("#risk-suggestions summary")
    auditor.look(page, "risk-suggestions")
    auditor.assert_clean([page])
