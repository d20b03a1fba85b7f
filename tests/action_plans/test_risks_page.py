"""Exactly two risks, each with why it is likely and at least one mitigation."""

from django.urls import reverse

from action_plans.models import Mitigation, Risk
from tests.action_plans.browser import form_data


def url(cast):
    return reverse("action_plans:risks", args=[cast.milestone.pk])


def test_the_page_shows_exactly_two_risks(cast, login):
    page = login(cast.lead).get(url(cast)).content.decode()
    assert '<legend class="h5">Risk 1</legend>' in page
    assert '<legend class="h5">Risk 2</legend>' in page
    assert "Risk 3" not in page
    assert "Risk 1 has no mitigation; at least 1 is required." in page


def test_risks_and_mitigations_are_saved(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "risks-form")
    data.update(
        {
            "risk-1-description": "The analyst we depend on leaves",
            "risk-1-why_likely": "Analysts are in short supply",
            "risk-1-mitigations-0-description": "Cross-train a second person",
            "risk-2-description": "The MCP is late with data",
            "risk-2-why_likely": "It was late last year",
            "risk-2-mitigations-0-description": "Agree dates in the contract",
        }
    )
    response = client.post(url(cast), data, follow=True)
    page = response.content.decode()
    assert "The risks and mitigations were saved." in page
    assert "What is saved on this page meets every rule of the template." in page
    risk = Risk.objects.get(milestone=cast.milestone, position=1)
    assert risk.why_likely == "Analysts are in short supply"
    assert list(risk.mitigations.values_list("description", flat=True)) == [
        "Cross-train a second person"
    ]

    data = form_data(client.get(url(cast)), "risks-form")
    data["risk-1-mitigations-0-DELETE"] = "on"
    data["risk-1-mitigations-1-description"] = "Document the data pipeline"
    client.post(url(cast), data)
    assert list(risk.mitigations.values_list("description", flat=True)) == [
        "Document the data pipeline"
    ]
    assert Mitigation.objects.count() == 2


def test_a_risk_without_mitigation_is_named(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "risks-form")
    data["risk-2-description"] = "Staff turnover"
    page = client.post(url(cast), data, follow=True).content.decode()
    assert "Risk 2 has no mitigation; at least 1 is required." in page
    assert "Risk 2: say why it is likely." in page


def test_what_is_still_needed_is_judged_on_what_is_stored(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "risks-form")
    data["risk-1-description"] = "Typed but not saved"
    page = client.post(url(cast), {**data, "add": "risk-1-mitigations"}).content.decode()
    assert "Typed but not saved</textarea>" in page
    assert "Risk 1: describe the risk." in page
