"""The three capabilities: add at the lowest free position, edit, the rules on save."""

import re

from django.urls import reverse

from gap_analysis.models import Capability, DomainRating
from tests.gap_analysis.conftest import capability_data


def url(cast):
    return reverse("gap_analysis:capabilities", args=[cast.milestone.pk])


def stored(cast):
    return list(Capability.objects.filter(milestone=cast.milestone))


def test_the_first_capability_is_added_at_position_one(cast, login):
    client = login(cast.lead)
    html = client.get(url(cast)).content.decode()
    assert "No capabilities yet. Add the first one." in html
    response = client.post(url(cast), {**capability_data(cast.milestone, []), "add": ""})
    assert response["Location"].endswith("#id_capability-1-domain")
    assert [c.position for c in stored(cast)] == [1]
    html = client.get(response["Location"]).content.decode()
    assert "Capability 1 was added; fill it in below." in html
    assert 'id="id_capability-1-name"' in html


def test_adding_takes_the_lowest_free_position(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    make_capability(3, "Reserves policy")
    client = login(cast.lead)
    client.post(url(cast), {**capability_data(cast.milestone, stored(cast)), "add": ""})
    assert [c.position for c in stored(cast)] == [1, 2, 3]
    assert stored(cast)[1].name == ""


def test_adding_saves_what_was_typed_first(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    data = capability_data(cast.milestone, stored(cast), {1: {"name": "Quality reporting"}})
    login(cast.lead).post(url(cast), {**data, "add": ""})
    assert [c.name for c in stored(cast)] == ["Quality reporting", ""]


def test_there_is_no_add_button_with_three_capabilities(cast, login, make_capability):
    for position, name in enumerate(["One", "Two", "Three"], start=1):
        make_capability(position, name)
    html = login(cast.lead).get(url(cast)).content.decode()
    assert 'name="add"' not in html
    assert "Your capabilities (3 of 3)" in html


def test_a_fourth_capability_is_refused(cast, login, make_capability):
    for position, name in enumerate(["One", "Two", "Three"], start=1):
        make_capability(position, name)
    data = capability_data(cast.milestone, stored(cast), {1: {"name": "One, renamed"}})
    response = login(cast.lead).post(url(cast), {**data, "add": ""})
    html = response.content.decode()
    assert "You already have three capabilities; remove one before adding another." in html
    assert 'value="One, renamed"' in html  # what was typed is still there
    assert len(stored(cast)) == 3


def test_saving_stores_every_field(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    financial = cast.instrument.domains.get(code="D")
    data = capability_data(
        cast.milestone,
        stored(cast),
        {
            1: {
                "domain": financial.pk,
                "name": "Model risk and payments",
                "why_priority": "Our first shared-savings contract.",
                "delivery": "partner",
                "partner_type": "other",
                "partner_name": "Valley Physicians Network",
            }
        },
    )
    client = login(cast.lead)
    response = client.post(url(cast), data)
    assert response.status_code == 302
    capability = stored(cast)[0]
    assert (capability.domain, capability.name) == (financial, "Model risk and payments")
    assert capability.why_priority == "Our first shared-savings contract."
    assert (capability.delivery, capability.partner_type, capability.partner_name) == (
        "partner",
        "other",
        "Valley Physicians Network",
    )
    assert "Your capabilities were saved." in client.get(url(cast)).content.decode()


def test_duplicates_differing_only_in_case_and_spacing_are_refused(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    make_capability(2, "Contract negotiation")
    data = capability_data(cast.milestone, stored(cast), {2: {"name": "  QUALITY   dashboards"}})
    response = login(cast.lead).post(url(cast), data)
    html = response.content.decode()
    message = (
        "Capability 2 is the same as capability 1; the three capabilities must all be different."
    )
    assert response.status_code == 200
    assert (
        f'<a href="#id_capability-2-name" class="alert-link">Capability 2 · Specific '
        f"capability: {message}</a>" in html
    )
    beside = re.search(r'id="id_capability-2-name_error".*?</div>', html, flags=re.DOTALL)
    assert message in beside.group(0)
    assert 'value="  QUALITY   dashboards"' in html
    assert stored(cast)[1].name == "Contract negotiation"


def test_a_partner_capability_without_a_type_saves_as_a_draft(cast, login, make_capability):
    make_capability(1, "Care management")
    data = capability_data(cast.milestone, stored(cast), {1: {"delivery": "partner"}})
    client = login(cast.lead)
    assert client.post(url(cast), data).status_code == 302
    assert stored(cast)[0].delivery == "partner"
    html = client.get(url(cast)).content.decode()
    assert (
        f'<a href="{url(cast)}#id_capability-1-partner_type">'
        "Capability 1: choose the type of partner.</a>" in html
    )


def test_an_other_partner_without_a_name_is_listed_as_still_needed(cast, login, make_capability):
    make_capability(1, "Care management", delivery="partner", partner_type="other")
    html = login(cast.lead).get(url(cast)).content.decode()
    assert "Capability 1: name the partner." in html


def test_an_unknown_partner_type_or_domain_is_refused(cast, login, make_capability):
    make_capability(1, "Care management")
    data = capability_data(
        cast.milestone,
        stored(cast),
        {1: {"delivery": "partner", "partner_type": "bank", "domain": "99999"}},
    )
    html = login(cast.lead).post(url(cast), data).content.decode()
    assert "Capability 1 · Type of partner: Choose one of the partner types listed." in html
    assert "Capability 1 · Domain: Choose one of the domains listed." in html
    assert stored(cast)[0].delivery == "internal"


def test_a_capability_from_a_low_priority_domain_is_warned_but_saved(cast, login, make_capability):
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="D").update(priority="low")
    make_capability(1, "Reserves policy", domain_code="B")
    financial = cast.instrument.domains.get(code="D")
    data = capability_data(cast.milestone, stored(cast), {1: {"domain": financial.pk}})
    client = login(cast.lead)
    assert client.post(url(cast), data).status_code == 302
    assert stored(cast)[0].domain == financial
    html = client.get(url(cast)).content.decode()
    assert (
        '<a class="alert-link" href="#id_capability-1-domain">Capability 1 comes from '
        "Financial, which your gap analysis rates low priority for action." in html
    )


def test_appendix_1_examples_are_shown_per_domain(cast, login):
    html = login(cast.lead).get(url(cast)).content.decode()
    for name in ["Operations", "Financial", "Payer and Partner Relations"]:
        assert f"<li>{name} capability one</li>" in html


def test_the_gap_analysis_is_summarised_beside_the_examples(cast, login):
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="B").update(
        priority="high", maturity=1, gaps="Nobody negotiates contracts."
    )
    html = login(cast.lead).get(url(cast)).content.decode()
    assert "<summary>Operations · high priority · maturity 1</summary>" in html
    assert "Nobody negotiates contracts." in html


def test_the_page_query_count_is_pinned(cast, login, make_capability, django_assert_num_queries):
    client = login(cast.lead)
    make_capability(1, "One")
    client.get(url(cast))
    with django_assert_num_queries(13):
        client.get(url(cast))
    make_capability(2, "Two")
    make_capability(3, "Three", delivery="partner", partner_type="ipa")
    with django_assert_num_queries(13):
        html = client.get(url(cast)).content.decode()
    assert html.count('<fieldset class="card card-body mb-3 capability"') == 3
