"""Seed 004's common mistakes offered as risks, with their source named: one click (a
POST that saves the draft) writes one into the first empty risk with its mitigation, and
what it wrote is then an ordinary editable risk."""

from django.urls import reverse

from action_plans import catalogue
from action_plans.models import Risk
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import complete_risks

DOWNSIDE = "RSK-VBC-1"
SHARED_COORDINATION = "RSK-VBC-2"


def url(cast):
    return reverse("action_plans:risks", args=[cast.milestone.pk])


def risk(cast, position):
    return Risk.objects.get(milestone=cast.milestone, position=position)


def test_the_risks_page_offers_the_common_mistakes_with_their_source(cast, login):
    page = login(cast.lead).get(url(cast)).content.decode()
    assert "Suggested risks (2)" in page
    assert "We take on downside risk before we have panel-level analytics" in page
    assert "Care coordination stays a part-time duty shared by medical assistants" in page
    assert (
        "Source: VBC operational readiness, common mistakes: taking on downside risk without "
        "panel-level analytics"
    ) in page
    assert (
        "Source: VBC operational readiness, common mistakes: treating care coordination as a "
        "shared part-time role"
    ) in page
    assert f'name="suggest" value="{DOWNSIDE}"' in page
    assert f'name="suggest" value="{SHARED_COORDINATION}"' in page


def test_using_a_suggestion_fills_the_first_empty_risk_and_its_mitigation(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "risks-form")
    response = client.post(url(cast), {**data, "suggest": DOWNSIDE})

    assert response.status_code == 302
    assert response["Location"] == f"{url(cast)}#id_risk-1-description"
    suggestion = catalogue.risk(DOWNSIDE)
    first = risk(cast, 1)
    assert (first.description, first.why_likely) == (suggestion.risk, suggestion.why_likely)
    assert list(first.mitigations.values_list("description", flat=True)) == [suggestion.mitigation]
    page = client.get(url(cast)).content.decode()
    assert "Your draft was saved and the suggestion was added as risk 1." in page
    assert "In your plan" in page
    assert f'name="suggest" value="{DOWNSIDE}"' not in page


def test_a_used_suggestion_stays_editable(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "risks-form")
    client.post(url(cast), {**data, "suggest": SHARED_COORDINATION})

    data = form_data(client.get(url(cast)), "risks-form")
    assert data["risk-1-description"] == catalogue.risk(SHARED_COORDINATION).risk
    data["risk-1-description"] = "Care coordination stays with our two medical assistants"
    data["risk-1-mitigations-0-description"] = "Hire a 0.5 FTE care coordinator by June 2027"
    client.post(url(cast), data)

    first = risk(cast, 1)
    assert first.description == "Care coordination stays with our two medical assistants"
    assert first.why_likely == catalogue.risk(SHARED_COORDINATION).why_likely
    assert list(first.mitigations.values_list("description", flat=True)) == [
        "Hire a 0.5 FTE care coordinator by June 2027"
    ]


def test_what_was_typed_is_saved_and_the_suggestion_goes_to_the_empty_risk(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "risks-form")
    data.update(
        {
            "risk-1-description": "The analyst we depend on leaves",
            "risk-1-why_likely": "Analysts are in short supply",
            "risk-1-mitigations-0-description": "Cross-train a second person",
        }
    )
    response = client.post(url(cast), {**data, "suggest": DOWNSIDE})

    assert response["Location"] == f"{url(cast)}#id_risk-2-description"
    assert risk(cast, 1).description == "The analyst we depend on leaves"
    assert risk(cast, 2).description == catalogue.risk(DOWNSIDE).risk
    assert risk(cast, 2).mitigations.count() == 1


def test_with_both_risks_written_a_suggestion_is_not_added(cast, login):
    complete_risks(cast.milestone)
    client = login(cast.lead)
    page = client.get(url(cast)).content.decode()
    assert f'name="suggest" value="{DOWNSIDE}"' not in page
    assert "Clear a risk to use this one" in page

    data = form_data(client.get(url(cast)), "risks-form")
    response = client.post(url(cast), {**data, "suggest": DOWNSIDE}, follow=True)
    assert "Both risks are already written: clear one to use this suggestion instead." in (
        response.content.decode()
    )
    assert [r.description for r in cast.milestone.risks.order_by("position")] == [
        "Risk 1 text",
        "Risk 2 text",
    ]


def test_an_unknown_suggestion_adds_nothing(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "risks-form")
    response = client.post(url(cast), {**data, "suggest": "RSK-NOPE-1"})
    assert "That suggestion is not offered; nothing was added." in response.content.decode()
    assert risk(cast, 1).description == ""


def test_a_coach_sees_no_suggestions(cast, login):
    page = login(cast.coach).get(url(cast)).content.decode()
    assert "Suggested risks" not in page
