"""The gap-analysis page: five rows with the template's rubrics, the VaPCAT's suggestion,
its warning, drafts and bad input."""

import re

import pytest
from django.urls import reverse

from assessments.models import Answer, Response
from gap_analysis.models import MATURITY_RUBRIC, PRIORITY_RUBRIC, DomainRating
from submissions.models import ReviewComment
from tests import factories
from tests.gap_analysis.conftest import rating_data


def url(cast):
    return reverse("gap_analysis:edit", args=[cast.milestone.pk])


def rating(cast, code):
    return DomainRating.objects.get(milestone=cast.milestone, domain__code=code)


def selected_maturity(html, code):
    select = re.search(
        rf'<select name="rating-{code}-maturity".*?</select>', html, flags=re.DOTALL
    ).group(0)
    match = re.search(r'<option value="(\d+)" selected>', select)
    return match.group(1) if match else None


def test_every_rubric_text_appears_word_for_word(cast, login):
    html = login(cast.lead).get(url(cast)).content.decode()
    for level, text in MATURITY_RUBRIC.items():
        assert f"<strong>{level}</strong> = {text}" in html
        assert f"{level} = {text}</option>" in html
    for priority, text in PRIORITY_RUBRIC.items():
        assert f"<strong>{priority.label}</strong> = {text}" in html
        assert f"{priority.label} = {text}</option>" in html


def test_the_page_always_shows_all_five_domains_in_order(cast, login):
    html = login(cast.lead).get(url(cast)).content.decode()
    positions = [html.index(f'id="domain-{code}"') for code in "ABCDE"]
    assert positions == sorted(positions)
    assert "Payer and Partner Relations" in html


def test_each_row_shows_the_domain_examples_and_appendix_1_collapsed(cast, login):
    html = login(cast.lead).get(url(cast)).content.decode()
    assert "(e.g., examples of financial)" in html
    details = re.search(
        r'<details class="small foundational">\s*<summary>Foundational capabilities '
        r"\(Appendix 1\)</summary>.*?Financial capability two",
        html,
        flags=re.DOTALL,
    )
    assert details is not None


def test_maturity_is_prefilled_from_the_suggestion_with_its_basis(cast, login, set_scores):
    set_scores({"B1": 3, "B2": 3, "B3": 1, "B4": 1})  # every item minimal, s = 2 -> 4
    html = login(cast.lead).get(url(cast)).content.decode()
    assert selected_maturity(html, "B") == "4"
    basis = re.search(r'id="maturity-basis-B">(.*?)</div>', html, flags=re.DOTALL).group(1)
    assert "Your VaPCAT suggests <strong>4</strong>, prefilled here until you save." in basis
    assert "0 at 0, 2 at 1, 0 at 2, 2 at 3." in basis
    assert "What holds it back: 2 of 4 items are an area of strength (3); level 5 needs more" in (
        basis
    )
    assert rating(cast, "B").maturity is None  # a prefill, not a save


def test_strengths_with_an_item_not_in_place_suggest_2_and_say_why(cast, login, set_scores):
    """Rule 2: levels 3-5 need every item at least minimal."""
    set_scores({"B1": 3, "B2": 3, "B3": 1, "B4": 0})
    html = login(cast.lead).get(url(cast)).content.decode()
    assert selected_maturity(html, "B") == "2"
    basis = re.search(r'id="maturity-basis-B">(.*?)</div>', html, flags=re.DOTALL).group(1)
    assert "B4 is not in place; levels 3-5 need every item at least minimal." in basis
    assert "4 when every item is at least minimal and several are an area of strength" in html


def test_the_suggestion_comes_from_submitted_vapcat_answers(cast, login):
    response = Response.objects.create(
        milestone=cast.milestone, respondent=cast.respondent, status="submitted"
    )
    items = {i.code: i for i in cast.instrument.domains.get(code="C").items.all()}
    for code, value in {"C1": 1, "C2": 1, "C3": 2, "C4": 0}.items():
        Answer.objects.create(response=response, item=items[code], value=value)
    html = login(cast.lead).get(url(cast)).content.decode()
    assert selected_maturity(html, "C") == "2"  # m = 3 of 4 -> 2


def test_a_saved_maturity_is_not_replaced_by_the_suggestion(cast, login, set_scores):
    set_scores({"B1": 3, "B2": 3, "B3": 3, "B4": 3})
    DomainRating.objects.filter(pk=rating(cast, "B").pk).update(maturity=1)
    html = login(cast.lead).get(url(cast)).content.decode()
    assert selected_maturity(html, "B") == "1"
    assert "prefilled here" not in html


def test_without_vapcat_results_there_is_no_suggestion(cast, login):
    html = login(cast.lead).get(url(cast)).content.decode()
    assert selected_maturity(html, "A") is None
    assert "No VaPCAT results for this domain yet, so there is no suggestion." in html


def save(client, cast, **per_domain):
    return client.post(url(cast), rating_data(cast, **per_domain))


@pytest.mark.parametrize(("chosen", "warned"), [(2, False), (4, False), (1, True), (5, True)])
def test_the_maturity_warning_starts_two_away_from_the_suggestion(
    cast, login, set_scores, chosen, warned
):
    set_scores({"A1": 3, "A2": 1, "A3": 1, "A4": 1})  # s = 1 and m = n -> suggests 3
    client = login(cast.lead)
    response = save(client, cast, A={"maturity": chosen})
    assert response.status_code == 302
    assert rating(cast, "A").maturity == chosen  # a warning never blocks the save
    html = client.get(url(cast)).content.decode()
    warning = re.search(r'<div class="alert[^>]*id="maturity-warning-A"[^>]*>', html).group(0)
    message = (
        "This is 2 or more away from the maturity your VaPCAT results suggest (3). "
        "Please explain why in the rationale."
    )
    assert message in html  # rendered for the live (JavaScript) check either way
    assert ("hidden" not in warning) is warned
    assert (
        f'<a class="alert-link" href="#id_rating-A-maturity">Leadership, Governance, and Legal: '
        f"{message}</a>" in html
    ) is warned


def test_a_draft_saves_with_parts_missing(cast, login):
    client = login(cast.lead)
    response = save(client, cast, D={"current_state": "Billing is outsourced."})
    assert response.status_code == 302
    assert rating(cast, "D").current_state == "Billing is outsourced."
    assert rating(cast, "D").maturity is None
    html = client.get(url(cast)).content.decode()
    assert "Your gap analysis was saved." in html
    assert "Financial: choose a VBP domain maturity (0-5)." in html


def test_a_complete_save_stores_every_field_of_every_row(cast, login):
    row = {
        "current_state": "Monthly reports from our IPA.",
        "maturity": "3",
        "gaps": "No own dashboards.",
        "priority": "high",
        "rationale": "Our MCP contract starts in January.",
    }
    save(login(cast.lead), cast, **{code: row for code in "ABCDE"})
    for stored in DomainRating.objects.filter(milestone=cast.milestone):
        assert (stored.current_state, stored.maturity, stored.gaps) == (
            "Monthly reports from our IPA.",
            3,
            "No own dashboards.",
        )
        assert (stored.priority, stored.rationale) == (
            "high",
            "Our MCP contract starts in January.",
        )


def test_a_maturity_of_seven_is_refused_beside_the_field_and_in_the_summary(cast, login):
    response = save(
        login(cast.lead),
        cast,
        A={"maturity": "7", "current_state": "We have a VBP champion."},
        B={"rationale": "Typed and kept."},
    )
    html = response.content.decode()
    assert response.status_code == 200
    message = "Choose a maturity from 0 to 5; “7” is not on the scale."
    assert (
        f'<a href="#id_rating-A-maturity" class="alert-link">Leadership, Governance, and Legal · '
        f"VBP domain maturity (0-5): {message}</a>" in html
    )
    beside = re.search(
        r'<div[^>]*id="id_rating-A-maturity_error"[^>]*>(.*?)</div>',
        html,
        flags=re.DOTALL,
    )
    assert message in beside.group(1)
    assert "We have a VBP champion." in html and "Typed and kept." in html
    assert rating(cast, "A").current_state == ""  # nothing saved
    assert rating(cast, "B").rationale == ""


def test_an_unknown_priority_is_refused(cast, login):
    response = save(login(cast.lead), cast, E={"priority": "urgent", "gaps": "No data feed."})
    html = response.content.decode()
    assert "Choose high, medium or low; “urgent” is not a priority." in html
    assert 'href="#id_rating-E-priority"' in html
    assert "No data feed." in html
    assert rating(cast, "E").gaps == ""


def test_coach_comments_are_shown_beside_their_row(cast, login):
    ReviewComment.objects.create(
        milestone=cast.milestone, section="gap:D", body="Say more about reserves.", version=1
    )
    html = login(cast.lead).get(url(cast)).content.decode()
    row_d = re.search(r'id="row-D".*?</section>', html, flags=re.DOTALL).group(0)
    assert "Say more about reserves." in row_d


def _many_answers(cast, set_scores, respondents=3):
    set_scores({f"{d}{n}": 0 for d in "ABCDE" for n in range(1, 5)})
    items = [item for domain in cast.instrument.domains.all() for item in domain.items.all()]
    for number in range(respondents):
        user = factories.make_user(f"r{number}@alder.test")
        response = Response.objects.create(
            milestone=cast.milestone, respondent=user, status="submitted"
        )
        Answer.objects.bulk_create(Answer(response=response, item=i, value=1) for i in items)


def _comments(cast, per_row):
    ReviewComment.objects.bulk_create(
        ReviewComment(
            milestone=cast.milestone,
            section=f"gap:{code}",
            body="More detail.",
            author=cast.coach,
            version=1,
        )
        for code in "ABCDE"
        for _ in range(per_row)
    )


def test_the_page_query_count_is_pinned(cast, login, set_scores, django_assert_num_queries):
    response = Response.objects.create(
        milestone=cast.milestone, respondent=cast.respondent, status="submitted"
    )
    Answer.objects.create(
        response=response, item=cast.instrument.domains.first().items.first(), value=0
    )
    client = login(cast.lead)
    client.get(url(cast))  # warm the session
    # Session, user, milestone, membership, responses, answers, consensus scores, ratings,
    # the revision, the comments, the navbar's practices.
    with django_assert_num_queries(14):
        client.get(url(cast))
    _many_answers(cast, set_scores)
    with django_assert_num_queries(14):
        html = client.get(url(cast)).content.decode()
    assert html.count(">Add to gaps</span>") == 20  # every item is now a candidate


def test_comments_cost_a_fixed_number_of_queries(cast, login, django_assert_num_queries):
    """The milestone's comments are read once for the whole page, however many rows
    have comments and however many each holds, with who wrote and addressed each."""
    client = login(cast.lead)
    client.get(url(cast))
    _comments(cast, per_row=1)
    with django_assert_num_queries(13):
        client.get(url(cast))
    _comments(cast, per_row=4)
    with django_assert_num_queries(13):
        html = client.get(url(cast)).content.decode()
    assert html.count("More detail.") == 25
