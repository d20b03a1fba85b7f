"""Section B's texts have bounds: a longer text, or a paragraph of too many lines, is
refused beside its field with both numbers and comes back as typed; a count beside every
text says how much room is left."""

import html
import re

from django.urls import reverse

from gap_analysis.models import Capability, DomainRating
from tests.gap_analysis.conftest import capability_data, rating_data


def gap_url(cast):
    return reverse("gap_analysis:edit", args=[cast.milestone.pk])


def capabilities_url(cast):
    return reverse("gap_analysis:capabilities", args=[cast.milestone.pk])


def textarea(page, field_id):
    """The text of the textarea ``field_id`` as the browser shows it."""
    match = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1))


def count(page, field_id):
    match = re.search(rf'<div id="{field_id}-count"[^>]*>(.*?)</div>', page, re.S)
    return match.group(0), match.group(1)


def test_a_rationale_over_2000_characters_is_refused_and_kept(cast, login):
    rationale = "Our first contract depends on it. " * 68 + "Yes."  # 2,316 characters
    assert len(rationale) == 2316
    response = login(cast.lead).post(
        gap_url(cast),
        rating_data(cast, B={"rationale": rationale, "gaps": "No own dashboards."}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    message = "Keep the rationale to 2,000 characters; it has 2,316."
    assert (
        f'href="#id_rating-B-rationale" class="alert-link">Operations · Rationale: {message}'
        in (page)
    )
    beside = re.search(r'id="id_rating-B-rationale_error"[^>]*>(.*?)</div>', page, re.S)
    assert message in beside.group(1)
    assert textarea(page, "id_rating-B-rationale") == rationale
    assert textarea(page, "id_rating-B-gaps") == "No own dashboards."
    element, text = count(page, "id_rating-B-rationale")
    assert text == "2,316 of 2,000 characters (316 too many)"
    assert "char-count-over" in element
    stored = DomainRating.objects.get(milestone=cast.milestone, domain__code="B")
    assert (stored.rationale, stored.gaps) == ("", "")


def test_a_current_state_of_more_than_60_lines_is_refused(cast, login):
    lines = "\n".join(f"Line {n}" for n in range(1, 101))
    response = login(cast.lead).post(gap_url(cast), rating_data(cast, A={"current_state": lines}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Keep the current state to 60 lines; it has 100." in page
    assert textarea(page, "id_rating-A-current_state") == lines
    assert DomainRating.objects.get(milestone=cast.milestone, domain__code="A").current_state == ""


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it(cast, login):
    # A browser posts each line break as "\r\n": 20 of them make 2,020 characters sent
    # for the 2,000 its count showed.
    text = "\r\n".join(["x" * 94] * 21) + "x" * 6
    assert len(text) == 2020 and len(text.replace("\r\n", "\n")) == 2000
    response = login(cast.lead).post(gap_url(cast), rating_data(cast, C={"gaps": text}))
    assert response.status_code == 302
    stored = DomainRating.objects.get(milestone=cast.milestone, domain__code="C")
    assert stored.gaps == text.replace("\r\n", "\n")


def test_every_text_of_the_gap_analysis_shows_its_count(cast, login):
    page = login(cast.lead).get(gap_url(cast)).content.decode()
    for code in "ABCDE":
        for name in ("current_state", "gaps", "rationale"):
            field_id = f"id_rating-{code}-{name}"
            field = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>', page).group(0)
            assert 'data-max="2000"' in field and 'data-max-lines="60"' in field
            assert "maxlength" not in field  # a long paste is not cut short
            assert f"{field_id}-count" in field  # aria-describedby
            element, text = count(page, field_id)
            assert 'aria-live="polite"' in element
            assert f'data-count-for="{field_id}"' in element
            assert text == "0 of 2,000 characters"


def test_a_reason_for_the_priority_over_2000_characters_is_refused_and_kept(
    cast, login, make_capability
):
    make_capability(1, "Quality dashboards")
    capabilities = list(Capability.objects.filter(milestone=cast.milestone))
    why = ("Because " + "our contract asks for it, " * 90).strip()
    name = "A" * 201
    data = capability_data(cast.milestone, capabilities, {1: {"why_priority": why, "name": name}})
    response = login(cast.lead).post(capabilities_url(cast), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Keep the reason this is a priority to 2,000 characters; it has {len(why):,}." in (page)
    assert "Keep the specific capability to 200 characters; it has 201." in page
    assert textarea(page, "id_capability-1-why_priority") == why
    assert f'value="{name}"' in page
    stored = Capability.objects.get(milestone=cast.milestone, position=1)
    assert stored.name == "Quality dashboards"
    assert stored.why_priority == "Why Quality dashboards matters."
    element, text = count(page, "id_capability-1-name")
    assert text == "201 of 200 characters (1 too many)"
