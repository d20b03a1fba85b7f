"""The results page: per-item statistics, divergent items first, the consensus override
(and clearing it, and two leads at once), per-domain levels and suggested maturity."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.chart import chart_digest
from assessments.models import ConsensusScore
from assessments.selectors import chart_rows, consensus_summary
from practices.models import Membership
from submissions.models import ReviewComment
from tests import factories
from tests.assessments.answering import (
    answer,
    count_queries,
    make_read_only,
    make_respondents,
    milestone_with_items,
)

DK = None


def url(milestone):
    return reverse("assessments:results", args=[milestone.pk])


def consensus_url(milestone, code):
    return reverse("assessments:consensus", args=[milestone.pk, code])


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def item_row(html, code):
    """The cells of item ``code``'s row in its domain table, as text."""
    match = re.search(rf'<tr id="item-{code}"[^>]*>(.*?)</tr>', html, re.S)
    return [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)]


def revision(html):
    return re.search(r'name="revision" value="(\d+)"', html).group(1)


@pytest.fixture
def answered(cast):
    """Three people submitted; a fourth is still answering.

    A1: 0, 2, don't know (divergent); A2: 1, 2, 1 (agree); A3: 3 x 3; A4: don't know x 3.
    """
    first, second = make_respondents(cast.practice, 2)
    answer(cast.milestone, cast.respondent, {"A1": 0, "A2": 1, "A3": 3, "A4": DK, "B1": 1})
    answer(cast.milestone, first, {"A1": 2, "A2": 2, "A3": 3, "A4": DK, "B1": 1})
    answer(cast.milestone, second, {"A1": DK, "A2": 1, "A3": 3, "A4": DK, "B1": 2})
    answer(cast.milestone, cast.lead, {"A1": 3, "A2": 3}, submit=False)
    return cast.milestone


def test_each_item_shows_mean_lowest_highest_count_dont_know_flags_and_scores(
    cast, login, answered
):
    page = login(cast.lead).get(url(answered)).content.decode()
    header = "Item Text Mean Lowest Highest Answers Don't know Flags Default Consensus"
    assert header in html.unescape(text(page))
    assert item_row(page, "A1")[:9] == [
        "A1",
        "Leadership, Governance, and Legal item 1",
        "1.0",
        "0",
        "2",
        "3",
        "1",
        "Divergent",
        "1",
    ]
    assert item_row(page, "A2")[2:9] == ["1.3", "1", "2", "3", "0", "", "1"]
    assert item_row(page, "A4")[:9] == [
        "A4 *",
        "Leadership, Governance, and Legal item 4",
        "—",
        "—",
        "—",
        "3",
        "3",
        "Nobody knew",
        "0",
    ]
    assert item_row(page, "A2")[9].startswith("1")


def test_only_submitted_answers_count(cast, login, answered):
    page = login(cast.lead).get(url(answered)).content.decode()
    assert "3 people have submitted their answers" in page
    assert "Still answering: Lena Lead." in text(page)
    assert item_row(page, "A2")[5] == "3"  # the lead's 3 is not counted


def test_divergent_items_are_listed_first_to_be_settled(cast, login, answered):
    page = login(cast.lead).get(url(answered)).content.decode()
    settle = page[page.index('id="settle"') : page.index('id="domain-A"')]
    assert 'id="settle-A1"' in settle and 'id="settle-A4"' in settle
    assert 'id="settle-A2"' not in settle and 'id="settle-B1"' not in settle
    assert "Answers given: 0 ×1, 2 ×1, don't know ×1" in settle
    assert page.index("Settle divergent items") < page.index('id="domain-A"')
    assert "Settle A1 above" in item_row(page, "A1")[9]


def test_each_domain_shows_level_counts_and_suggested_maturity_with_its_reason(
    cast, login, answered
):
    page = login(cast.lead).get(url(answered)).content.decode()
    domain_a = page[page.index('id="domain-A"') : page.index('id="domain-B"')]
    # Consensus A1 1, A2 1, A3 3, A4 0 (all don't know).
    counts = re.search(r'<table class="table table-sm level-counts.*?</table>', domain_a, re.S)
    assert text(counts.group(0)).endswith("0 1 2 3 1 2 0 1")
    assert "Suggested maturity: 2 of 5" in text(domain_a)
    assert (
        "3 of 4 items have at least minimal components in place (1 or more): more than half."
        in (domain_a)
    )
    assert (
        "What holds it back: A4 is not in place; levels 3-5 need every item at least minimal."
        in (text(domain_a))
    )
    # The rule, one sentence per level.
    assert "3 when every item is at least minimal and at least one is an area of strength." in page


def test_lead_overrides_a_consensus_score_with_a_note(cast, login, answered):
    client = login(cast.lead)
    page = client.get(url(answered)).content.decode()
    data = {"score": "3", "note": "We agreed the board has signed off.", "revision": revision(page)}
    response = client.post(consensus_url(answered, "A1"), data)
    assert response.status_code == 302 and response["Location"].endswith("#item-A1")
    override = ConsensusScore.objects.get(milestone=answered, item__code="A1")
    assert (override.score, override.note, override.set_by) == (
        3,
        "We agreed the board has signed off.",
        cast.lead,
    )
    page = client.get(url(answered)).content.decode()
    assert "The consensus score of A1 is now 3." in page
    assert item_row(page, "A1")[8] == "1"  # the default stays visible
    assert "3 set by the practice We agreed the board has signed off." in item_row(page, "A1")[9]
    domain_a = page[page.index('id="domain-A"') : page.index('id="domain-B"')]
    # A1 3, A2 1, A3 3, A4 0: two at 3, but A4 is not in place -> 2 (rule 2).
    assert "Suggested maturity: 2 of 5" in text(domain_a)
    assert "A4 is not in place" in text(domain_a)


def test_an_override_needs_a_note_and_keeps_what_was_typed(cast, login, answered):
    client = login(cast.lead)
    page = client.get(url(answered)).content.decode()
    response = client.post(
        consensus_url(answered, "A2"), {"score": "0", "note": "", "revision": revision(page)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    message = "Say why the practice settled on this score for A2"
    assert f'<a href="#consensus-A2-note" class="alert-link">A2 · Note: {message}' in page
    beside_the_note = r'id="consensus-A2-note_error" class="invalid-feedback">\s*<p[^>]*><strong>'
    assert re.search(beside_the_note + message, page)
    assert '<option value="0" selected>' in page
    assert not ConsensusScore.objects.exists()


def test_clearing_the_override_returns_to_the_default(cast, login, answered):
    ConsensusScore.objects.create(
        milestone=answered,
        item=answered.instrument.domains.get(code="A").items.get(code="A2"),
        score=3,
        note="was 3",
    )
    client = login(cast.lead)
    page = client.get(url(answered)).content.decode()
    assert item_row(page, "A2")[9].startswith("3 set by the practice")
    response = client.post(
        consensus_url(answered, "A2"), {"score": "", "note": "was 3", "revision": revision(page)}
    )
    assert response.status_code == 302
    assert not ConsensusScore.objects.exists()
    page = client.get(url(answered)).content.decode()
    assert "A2 is back to its default consensus score." in page
    assert item_row(page, "A2")[9].startswith("1 ")


def test_two_leads_cannot_overwrite_each_others_consensus(cast, login, answered):
    second_lead = factories.make_user("medical@alder.test", full_name="Mina Medical")
    factories.add_member(cast.practice, second_lead, Membership.Role.LEAD)
    first, second = Client(), Client()
    first.force_login(cast.lead)
    second.force_login(second_lead)
    loaded = revision(first.get(url(answered)).content.decode())
    assert revision(second.get(url(answered)).content.decode()) == loaded

    data = {"score": "2", "note": "Settled at the May meeting.", "revision": loaded}
    assert first.post(consensus_url(answered, "A1"), data).status_code == 302

    typed = {"score": "0", "note": "I think nothing is in place.", "revision": loaded}
    response = second.post(consensus_url(answered, "A1"), typed)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Lena Lead saved this form after you opened it" in page
    assert "I think nothing is in place." in page  # what they typed is still in the form
    assert '<option value="0" selected>' in page
    assert '<dt>A1 consensus score</dt><dd class="text-pre">2</dd>' in page
    assert '<dt>A1 note</dt><dd class="text-pre">Settled at the May meeting.</dd>' in page
    override = ConsensusScore.objects.get()
    assert (override.score, override.note) == (2, "Settled at the May meeting.")

    # With the page's new revision, saving again goes through.
    typed["revision"] = revision(page)
    assert second.post(consensus_url(answered, "A1"), typed).status_code == 302
    assert ConsensusScore.objects.get().score == 0


def test_coach_sees_the_consensus_read_only(cast, login, answered):
    ConsensusScore.objects.create(
        milestone=answered,
        item=answered.instrument.domains.get(code="A").items.get(code="A1"),
        score=2,
        note="Agreed with the coach present.",
    )
    client = login(cast.coach)
    page = client.get(url(answered)).content.decode()
    assert "Settle divergent items" in page and "Agreed with the coach present." in page
    assert "Save the consensus" not in page and 'name="score"' not in page
    response = client.post(consensus_url(answered, "A1"), {"score": "0", "note": "x"})
    assert response.status_code == 404
    assert ConsensusScore.objects.get().score == 2


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_consensus_of_a_read_only_milestone_cannot_change(cast, login, answered, status):
    make_read_only(answered, status)
    client = login(cast.lead)
    page = client.get(url(answered)).content.decode()
    assert "Save the consensus" not in page and "it is read-only" in page
    response = client.post(
        consensus_url(answered, "A1"), {"score": "3", "note": "late change"}, follow=True
    )
    assert "read-only; nothing was saved" in response.content.decode()
    assert not ConsensusScore.objects.exists()


def test_item_code_outside_the_instrument_is_404(cast, login, answered):
    response = login(cast.lead).post(consensus_url(answered, "Z9"), {"score": "1", "note": "n"})
    assert response.status_code == 404


def test_results_without_submitted_answers_say_how_to_start(cast, login):
    page = text(login(cast.lead).get(url(cast.milestone)).content.decode())
    assert "No respondent has submitted their answers yet." in page
    assert "Invite respondents" in page and "Answer the questionnaire yourself" in page
    assert "Settle divergent items" not in page


def test_results_embed_the_chart_with_alt_text_and_its_data(cast, login, answered):
    page = login(cast.lead).get(url(answered)).content.decode()
    img = re.search(r'<img class="img-fluid vapcat-chart" src="([^"]+)" alt="([^"]+)">', page)
    digest = chart_digest(chart_rows(consensus_summary(answered)))
    assert img.group(1) == reverse("assessments:chart", args=[answered.pk, digest])
    assert "Leadership, Governance, and Legal: mean consensus 1.2 of 3, suggested maturity 2" in (
        img.group(2)
    )
    assert (
        'Mean consensus <span class="text-nowrap">(0-3)</span>' in page
        and "Suggested maturity (0-5)" in page
    )


def test_coach_comments_on_the_vapcat_are_shown(cast, login, answered):
    ReviewComment.objects.create(
        milestone=answered, section="vapcat", body="Settle A1 with the CFO.", version=1
    )
    assert "Settle A1 with the CFO." in login(cast.lead).get(url(answered)).content.decode()


# Other people's pages --------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "assessments:results",
        "assessments:respondents",
        "gap_analysis:edit",
        "gap_analysis:capabilities",
        "action_plans:process",
        "action_plans:risks",
    ],
)
def test_respondent_gets_404_for_results_and_the_other_parts(cast, login, name):
    response = login(cast.respondent).get(reverse(name, args=[cast.milestone.pk]))
    assert response.status_code == 404


def test_respondent_gets_404_for_the_chart(cast, login):
    digest = chart_digest(chart_rows(consensus_summary(cast.milestone)))
    chart = reverse("assessments:chart", args=[cast.milestone.pk, digest])
    assert login(cast.lead).get(chart).status_code == 200
    assert login(cast.respondent).get(chart).status_code == 404


# Query counts ----------------------------------------------------------------------

# Session, user, milestone, the reader's membership, the revision, the summary's
# responses (with their respondents), answers and consensus scores, the VaPCAT's review
# comments, the navbar's practices, the cohort's maturities (beside the cohort); the
# session's save (3 in a test's savepoint).
RESULTS_QUERIES = 11 + 3


def test_query_count_is_the_same_for_5_and_40_items(cast, login):
    counts = []
    for per_domain in (1, 8):
        milestone = milestone_with_items(cast, per_domain)
        answer(milestone, cast.respondent, [0, 3, None])
        counts.append(count_queries(login(cast.lead), url(milestone)))
    assert counts == [RESULTS_QUERIES, RESULTS_QUERIES]


def test_query_count_is_the_same_for_1_and_8_respondents(cast, login):
    client = login(cast.lead)
    answer(cast.milestone, cast.respondent, [1, 2])
    one = count_queries(client, url(cast.milestone))
    for n, user in enumerate(make_respondents(cast.practice, 7)):
        answer(cast.milestone, user, [0, 3, None], submit=n != 3)
    assert count_queries(client, url(cast.milestone)) == one == RESULTS_QUERIES


# Every reader's page ---------------------------------------------------------------


def test_each_reader_gets_their_own_token_and_the_current_revision(cast, login, answered):
    login(cast.lead).get(url(answered))
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(cast.admin)
    page = admin.get(url(answered)).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1  # the same field in every form, this reader's
    data = {
        "csrfmiddlewaretoken": tokens.pop(),
        "score": "2",
        "note": "Set by the administrator.",
        "revision": revision(page),
    }
    assert admin.post(consensus_url(answered, "A2"), data).status_code == 302
    # The stored score shows at once, and the forms carry the revision it moved to.
    page = login(cast.lead).get(url(answered)).content.decode()
    assert "Set by the administrator." in page
    assert set(re.findall(r'name="revision" value="(\d+)"', page)) == {
        str(int(data["revision"]) + 1)
    }


def test_consensus_forms_are_for_those_who_may_change_them_while_editable(cast, login, answered):
    form = 'class="consensus-form"'
    assert form in login(cast.lead).get(url(answered)).content.decode()
    assert form not in login(cast.coach).get(url(answered)).content.decode()
    make_read_only(answered)
    assert form not in login(cast.lead).get(url(answered)).content.decode()


def test_a_respondents_new_name_shows_on_the_results(cast, login, answered):
    client = login(cast.lead)
    client.get(url(answered))
    cast.respondent.full_name = "Rosa Renamed"
    cast.respondent.save()
    assert "Rosa Renamed" in client.get(url(answered)).content.decode()


def test_every_consensus_field_has_a_unique_id_and_a_label(cast, login, answered):
    page = login(cast.lead).get(url(answered)).content.decode()
    ids = re.findall(r'id="(consensus-[^"]+)"', page)
    assert len(ids) == len(set(ids)) and "consensus-A1-score" in ids
    fields = re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="(consensus-[^"]+)"', page)
    assert "consensus-A1-note" in fields
    for field_id in fields:
        assert f'for="{field_id}"' in page
