"""Gap candidates: the domain's items scored 0 or 1, advanced items marked and last;
choosing one adds its text to the gaps, with or without JavaScript."""

import re

from django.urls import reverse

from gap_analysis.models import DomainRating
from gap_analysis.selectors import gap_rows
from tests.gap_analysis.conftest import rating_data

ADVANCED_MARK = "* most relevant to large practices or ACEs"


def url(cast):
    return reverse("gap_analysis:edit", args=[cast.milestone.pk])


def candidates_html(html, code):
    row = re.search(rf'id="row-{code}".*?</section>', html, flags=re.DOTALL).group(0)
    match = re.search(r'<details class="small gap-candidates".*?</details>', row, re.DOTALL)
    return match.group(0) if match else ""


def test_items_scored_one_or_less_are_offered_as_candidates(cast, set_scores):
    set_scores({"B1": 0, "B2": 1, "B3": 2, "B4": 3})
    row = next(row for row in gap_rows(cast.milestone) if row.domain.code == "B")
    assert [candidate.item.code for candidate in row.candidates] == ["B1", "B2"]


def test_items_nobody_scored_are_not_candidates(cast):
    assert all(row.candidates == [] for row in gap_rows(cast.milestone))


def test_advanced_items_are_marked_and_listed_after_the_others(cast, login, set_scores):
    # In the test instrument every fourth item is advanced (asterisk).
    set_scores({"A1": 1, "A2": 0, "A3": 3, "A4": 0})
    html = candidates_html(login(cast.lead).get(url(cast)).content.decode(), "A")
    texts = re.findall(r"Leadership, Governance, and Legal item (\d) <span", html)
    assert texts == ["1", "2", "4"]
    entries = re.findall(r'<li class="gap-candidate.*?</li>', html, flags=re.DOTALL)
    assert [ADVANCED_MARK in entry for entry in entries] == [False, False, True]
    assert "item 3" not in html


def test_candidates_are_open_while_the_gaps_are_empty(cast, login, set_scores):
    set_scores({"A1": 0})
    client = login(cast.lead)
    assert 'gap-candidates" open' in candidates_html(client.get(url(cast)).content.decode(), "A")
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="A")
    rating.gaps = "x"
    rating.save()
    assert 'gap-candidates" open' not in candidates_html(
        client.get(url(cast)).content.decode(), "A"
    )


def test_adding_a_candidate_without_javascript_keeps_what_was_typed(cast, login, set_scores):
    set_scores({"C1": 0, "C2": 1})
    client = login(cast.lead)
    data = rating_data(
        cast,
        C={"gaps": "No QHIO connection.", "current_state": "Paper reports."},
        E={"rationale": "Typed in another row."},
    )
    data["add_gap"] = "C:C2"
    response = client.post(url(cast), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#id_rating-C-gaps")
    stored = {r.domain.code: r for r in DomainRating.objects.filter(milestone=cast.milestone)}
    assert stored["C"].gaps == "No QHIO connection.\nData, Analytics, and Technology item 2"
    assert stored["C"].current_state == "Paper reports."
    assert stored["E"].rationale == "Typed in another row."
    html = client.get(response["Location"]).content.decode()
    assert (
        "Added “Data, Analytics, and Technology item 2” to the gaps of Data, Analytics, and "
        "Technology and saved your draft." in html
    )


def test_a_candidate_already_listed_is_not_added_twice(cast, login, set_scores):
    set_scores({"C1": 0})
    data = rating_data(cast, C={"gaps": "data, analytics, and technology  ITEM 1"})
    data["add_gap"] = "C:C1"
    login(cast.lead).post(url(cast), data)
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="C")
    assert rating.gaps == "data, analytics, and technology  ITEM 1"


def test_adding_a_candidate_beside_a_bad_value_loses_nothing(cast, login, set_scores):
    set_scores({"C1": 0})
    data = rating_data(cast, A={"maturity": "7"}, C={"gaps": "Typed first."})
    data["add_gap"] = "C:C1"
    response = login(cast.lead).post(url(cast), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a maturity from 0 to 5; “7” is not on the scale." in html
    textarea = re.search(r'<textarea name="rating-C-gaps".*?</textarea>', html, re.DOTALL)
    assert "Typed first.\nData, Analytics, and Technology item 1" in textarea.group(0)
    assert DomainRating.objects.get(milestone=cast.milestone, domain__code="C").gaps == ""


def test_an_item_that_is_not_a_candidate_is_not_added(cast, login, set_scores):
    set_scores({"C1": 3})
    data = rating_data(cast, C={"gaps": "Our own words."})
    data["add_gap"] = "C:C1"
    client = login(cast.lead)
    response = client.post(url(cast), data, follow=True)
    assert "That gap candidate is no longer offered; nothing was added." in (
        response.content.decode()
    )
    assert DomainRating.objects.get(milestone=cast.milestone, domain__code="C").gaps == (
        "Our own words."
    )


def test_the_add_buttons_carry_what_javascript_needs(cast, login, set_scores):
    set_scores({"D3": 1})
    html = login(cast.lead).get(url(cast)).content.decode()
    assert (
        '<button type="submit" name="add_gap" value="D:D3" formnovalidate' in html
        and 'data-target="id_rating-D-gaps" data-text="Financial item 3"' in html
    )
    assert "js/gap_analysis.js" in html
