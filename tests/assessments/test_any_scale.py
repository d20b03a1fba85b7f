"""Any answer scale: every rule reads what each scale value means for the rubric, so an
instrument rating 1-10 works end to end (questionnaire, results, gap analysis, PDF), and a
value the instrument's scale does not have is refused with a clear message."""

import io
import re
from datetime import date

import docx
import pypdf
import pytest
from django.urls import reverse

from assessments import services
from assessments.chart import domain_chart_svg
from assessments.models import Answer, ConsensusScore, Item
from assessments.scale import Scale
from assessments.scoring import (
    consensus,
    consensus_rule,
    divergence_rule,
    explain_maturity,
    gap_candidate_values,
    is_divergent,
    is_gap_candidate,
    item_stats,
    level_counts,
    maturity,
    maturity_level_rules,
    suggest_maturity,
)
from gap_analysis.selectors import gap_rows
from submissions.deliverable import deliverable_context
from submissions.lifecycle import milestone_start
from submissions.models import Cycle, MilestoneSubmission
from submissions.pdf import render_pdf
from submissions.snapshot import milestone_content
from submissions.word import render_docx
from tests import factories
from tests.assessments.answering import form_data, items_of, make_respondents

DK = None
OURS = Scale.of(factories.SCALE)


def ten_point(value):
    if value <= 2:
        return "not_in_place"
    if value <= 4:
        return "minimal"
    if value <= 7:
        return "partial"
    return "strength"


# A PhmCAT-like 1-10 scale: 1-2 not in place, 3-4 minimal, 5-7 partial, 8-10 strength.
TEN_SCALE = [
    *({"value": v, "label": f"Level {v}", "meaning": ten_point(v)} for v in range(1, 11)),
    {"value": None, "label": "Don't know", "meaning": "unknown"},
]
TEN = Scale.of(TEN_SCALE)
# No / some / yes: no "partially in place".
THREE = Scale.of(
    [
        {"value": 0, "label": "No", "meaning": "not_in_place"},
        {"value": 1, "label": "Some", "meaning": "minimal"},
        {"value": 2, "label": "Yes", "meaning": "strength"},
        {"value": None, "label": "Don't know", "meaning": "unknown"},
    ]
)


# The rules on a 1-10 scale ---------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([8, 9, 10], 9),
        ([5, 6], 6),  # 5.5: halfway goes up
        ([6, 7, DK], 7),  # 6.5, don't know left out
        ([1, 2, 2], 2),  # 1.67
        ([3, 3, 4], 3),  # 3.33
        ([10], 10),
    ],
)
def test_consensus_on_1_to_10_is_the_mean_rounded_to_the_nearest_value(values, expected):
    assert consensus(values, TEN) == expected


def test_halfway_between_two_values_of_a_gapped_scale_goes_up():
    gapped = Scale.of(
        [
            {"value": 0, "label": "None", "meaning": "not_in_place"},
            {"value": 5, "label": "Some", "meaning": "minimal"},
            {"value": 10, "label": "All", "meaning": "strength"},
        ]
    )
    assert consensus([0, 5], gapped) == 5  # 2.5 is halfway between 0 and 5
    assert consensus([0, 0, 5], gapped) == 0  # 1.67 is nearer 0
    assert consensus([5, 10, 10], gapped) == 10  # 8.33


GAPPED_SCALE = [
    {"value": 0, "label": "None", "meaning": "not_in_place"},
    {"value": 5, "label": "Some", "meaning": "minimal"},
    {"value": 10, "label": "All", "meaning": "strength"},
    {"value": None, "label": "Don't know", "meaning": "unknown"},
]


def test_a_gapped_scale_is_said_to_round_to_its_nearest_value_in_the_pdf_and_word(ten):
    content = milestone_content(ten)
    assert "the mean rounded half up, or" in pdf_text(render_pdf(content))
    content["instrument"]["scale"] = GAPPED_SCALE
    rounding = "rounded to the nearest value of the scale (halfway between two, the higher)"
    assert deliverable_context(content)["consensus_rounding"] == rounding
    assert f"Consensus score: the mean {rounding}" in " ".join(
        pdf_text(render_pdf(content)).split()
    )
    document = docx.Document(io.BytesIO(render_docx(content)))
    assert f"Consensus score: the mean {rounding}" in " ".join(p.text for p in document.paragraphs)


def test_every_answer_dont_know_gives_the_scales_lowest_value():
    assert consensus([DK, DK], TEN) == 1
    assert consensus([DK, DK], OURS) == 0
    stats = item_stats([DK, DK, DK], TEN)
    assert stats.all_dont_know and stats.default == 1 and not stats.divergent


def test_divergence_is_two_steps_on_0_to_3_and_three_steps_on_1_to_10():
    assert (OURS.divergence_steps, TEN.divergence_steps) == (2, 3)
    assert is_divergent([1, 3], OURS) and not is_divergent([1, 2], OURS)
    assert not is_divergent([8, 10], TEN)  # 2 steps: a divergence on 0-3, not on 1-10
    assert is_divergent([2, 5, 5], TEN)
    assert is_divergent([DK, 1, 4], TEN) and not is_divergent([DK, DK], TEN)
    assert divergence_rule(OURS) == "2 or more steps apart"
    assert divergence_rule(TEN) == "3 or more steps apart"


def test_levels_count_by_meaning():
    assert level_counts([1, 2, 4, 7, 9, DK, None], TEN) == {
        "not_in_place": 4,  # 1, 2, don't know and no score
        "minimal": 1,
        "partial": 1,
        "strength": 1,
    }


def test_maturity_reads_the_meanings_not_the_numbers():
    # 3 (minimal) is "at least minimal" on 1-10, 8-10 are strengths.
    assert suggest_maturity([3, 3, 3, 3], TEN) == 2
    assert suggest_maturity([8, 3, 3, 3], TEN) == 3
    assert suggest_maturity([8, 9, 3, 3, 3, 3], TEN) == 4
    assert suggest_maturity([8, 9, 10, 3], TEN) == 5
    assert suggest_maturity([10, 10, 10, 2], TEN) == 2  # 2 is not in place
    assert suggest_maturity([10, 10, 10, DK], TEN) == 2
    assert suggest_maturity([1, 2, 1], TEN) == 0
    assert suggest_maturity([7, 7, 7, 7], TEN) == 2  # partial, never a strength


def test_the_rules_in_words_name_the_scales_values():
    assert "when every answer is “don't know” it is 1" in consensus_rule(TEN)
    assert "3 or more steps apart on the scale (1-10)" in consensus_rule(TEN)
    assert "2 or more steps apart on the scale (0-3)" in consensus_rule(OURS)
    assert "rounded half up" in consensus_rule(OURS)
    rules = dict(maturity_level_rules(TEN))
    assert rules[5] == (
        "5 when every item is at least minimal (3 or more) and more than half are an area "
        "of strength (8-10)."
    )
    assert dict(maturity_level_rules(OURS))[5] == (
        "5 when every item is at least minimal (1 or more) and more than half are an area "
        "of strength (3)."
    )
    assert "have at least minimal components in place (3 or more)" in explain_maturity(
        [3, 4, 1], TEN
    )
    assert "1 of 4 items is an area of strength (8-10)" in explain_maturity([9, 3, 3, 3], TEN)
    reading = maturity([9, 3, 3, 3], TEN, codes=["A1", "A2", "A3", "A4"])
    assert (
        reading.held_back == "1 of 4 items is an area of strength (8-10); level 4 needs 2 or more."
    )
    assert maturity([1, 9], TEN, codes=["A1", "A2"]).held_back == (
        "A1 is not in place; levels 3-5 need every item at least minimal."
    )


def test_gap_candidates_are_the_values_meaning_not_in_place_or_minimal():
    assert [v for v in TEN.values if is_gap_candidate(v, TEN)] == [1, 2, 3, 4]
    assert gap_candidate_values(TEN) == "1-4"
    assert gap_candidate_values(OURS) == "0 or 1"
    assert not is_gap_candidate(None, TEN)


def test_a_three_value_scale_without_partial_works_too():
    assert list(level_counts([0, 1, 2, 2], THREE)) == ["not_in_place", "minimal", "strength"]
    assert level_counts([0, 1, 2, 2], THREE)["strength"] == 2
    assert THREE.divergence_steps == 2
    assert is_divergent([0, 2], THREE) and not is_divergent([0, 1], THREE)
    assert suggest_maturity([2, 2, 1], THREE) == 5
    assert suggest_maturity([2, 1, 1, 1], THREE) == 3
    assert "an area of strength (2)" in explain_maturity([2, 1, 1, 1], THREE)
    assert dict(maturity_level_rules(THREE))[5].startswith(
        "5 when every item is at least minimal (1 or more)"
    )
    assert consensus([1, 2], THREE) == 2


def test_older_scales_without_meanings_read_as_version_1():
    legacy = Scale.of([{"value": v, "label": f"level {v}"} for v in (0, 1, 2, 3)])
    assert [legacy.meaning(v) for v in (0, 1, 2, 3)] == [
        "not_in_place",
        "minimal",
        "partial",
        "strength",
    ]
    assert suggest_maturity([3, 3, 3, 1], legacy) == 5


# A 1-10 instrument, end to end -----------------------------------------------------


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def item_row(html, code):
    match = re.search(rf'<tr id="item-{code}"[^>]*>(.*?)</tr>', html, re.S)
    return [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)]


def section(html, start, end):
    return html[html.index(start) : html.index(end)]


# What three people answer; the other domains' items are answered by ``REST``.
# A1 8, 9, 10 -> 9 (two steps apart: agreement on 1-10); A2 2, 5, 5 -> 4 (three steps
# apart: divergent); A3 6, 7, don't know -> 6.5 -> 7; A4 don't know x 3 -> 1.
ANSWERS = [
    {"A1": "8", "A2": "2", "A3": "6", "A4": "dk"},
    {"A1": "9", "A2": "5", "A3": "7", "A4": "dk"},
    {"A1": "10", "A2": "5", "A3": "dk", "A4": "dk"},
]
REST = {"B": "9", "C": "3", "D": "3", "E": "3"}


@pytest.fixture
def ten(cast, login):
    """Practice A's milestone on a 1-10 instrument, answered and submitted through the
    questionnaire by the respondent, the lead and one more respondent."""
    instrument = factories.make_instrument(version="phm-1", scale=TEN_SCALE)
    cycle = Cycle.objects.create(
        name="Cycle 1-10", opens_on=date(2027, 1, 1), due_on=date(2027, 6, 30)
    )
    MilestoneSubmission.objects.filter(practice=cast.practice).delete()
    milestone = milestone_start(cast.practice, cycle, cast.lead)
    assert milestone.instrument == instrument
    (third,) = make_respondents(cast.practice, 1)
    for person, answers in zip((cast.respondent, cast.lead, third), ANSWERS, strict=True):
        values = {
            item.code: answers.get(item.code, REST.get(item.code[0]))
            for item in items_of(milestone)
        }
        response = login(person).post(
            reverse("assessments:overview", args=[milestone.pk]),
            form_data(milestone, values, action="submit"),
        )
        assert response.status_code == 302
    return milestone


def test_the_questionnaire_offers_the_1_to_10_scale_and_stores_the_answers(cast, login, ten):
    (newcomer,) = make_respondents(cast.practice, 1, start=2)
    page = login(newcomer).get(reverse("assessments:overview", args=[ten.pk])).content.decode()
    assert page.count('name="A1-value"') == 11  # 1-10 and don't know
    assert "10 · Level 10" in page
    stored = Answer.objects.filter(response__respondent=cast.respondent, item__code="A1").get()
    assert stored.value == 8
    assert Answer.objects.filter(item__code="A4", dont_know=True).count() == 3


def test_results_follow_the_1_to_10_rules(cast, login, ten):
    page = login(cast.lead).get(reverse("assessments:results", args=[ten.pk])).content.decode()
    a1, a2, a3, a4 = (item_row(page, code) for code in ("A1", "A2", "A3", "A4"))
    # Cells: code, text, mean, lowest, highest, answers, don't know, flags, default, consensus.
    assert (a1[2], a1[3], a1[4], a1[7], a1[8]) == ("9.0", "8", "10", "", "9")
    assert "Divergent" in a2[7] and a2[8] == "4"
    assert (a3[2], a3[8]) == ("6.5", "7")  # halfway goes up
    assert "Nobody knew" in a4[7] and a4[8] == "1"  # every answer don't know: the lowest
    settle = section(page, 'id="settle"', 'id="domain-A"')
    assert 'id="settle-A2"' in settle and 'id="settle-A1"' not in settle
    assert "3 or more steps apart on the 1-10 scale" in text(settle)
    domain_a = section(page, 'id="domain-A"', 'id="domain-B"')
    counts = re.search(r'<table class="table table-sm level-counts.*?</table>', domain_a, re.S)
    assert text(counts.group(0)).endswith("1-2 3-4 5-7 8-10 1 1 1 1")
    assert "Suggested maturity: 2 of 5" in text(domain_a)
    assert "3 of 4 items have at least minimal components in place (3 or more)" in domain_a
    assert "What holds it back: A4 is not in place" in text(domain_a)
    assert "Suggested maturity: 5 of 5" in text(section(page, 'id="domain-B"', 'id="domain-C"'))
    assert 'Mean consensus <span class="text-nowrap">(1-10)</span>' in page
    assert "3 or more steps apart on the scale (1-10)" in page
    assert "at least minimal (3 or more) and more than half are an area of strength (8-10)" in page


def test_the_lead_sets_a_1_to_10_consensus_score_and_not_one_off_the_scale(cast, login, ten):
    client = login(cast.lead)
    url = reverse("assessments:consensus", args=[ten.pk, "A2"])
    refused = client.post(url, {"score": "11", "note": "typo", "revision": "0"})
    assert refused.status_code == 200
    assert "Choose a score from 1 to 10, or the default." in refused.content.decode()
    assert not ConsensusScore.objects.exists()
    client.post(url, {"score": "8", "note": "Agreed at the meeting", "revision": "0"})
    assert ConsensusScore.objects.get().score == 8
    page = client.get(reverse("assessments:results", args=[ten.pk])).content.decode()
    assert "Suggested maturity: 2 of 5" in text(page)  # A4 still not in place
    a2 = item_row(page, "A2")
    assert a2[8] == "4" and a2[9].startswith("8 set by the practice")


def test_gap_analysis_suggests_and_offers_candidates_by_the_1_to_10_rules(cast, login, ten):
    rows = {row.domain.code: row for row in gap_rows(ten)}
    assert [c.item.code for c in rows["A"].candidates] == ["A2", "A4"]  # 4 and 1; A4 advanced
    assert rows["A"].suggestion == 2 and rows["B"].suggestion == 5
    assert rows["C"].suggestion == 2 and rows["B"].candidates == []
    page = login(cast.lead).get(reverse("gap_analysis:edit", args=[ten.pk])).content.decode()
    basis = re.search(r'id="maturity-basis-A">(.*?)</div>', page, flags=re.DOTALL).group(1)
    assert "Your VaPCAT suggests <strong>2</strong>" in basis
    assert "1 at 1-2, 1 at 3-4, 1 at 5-7, 1 at 8-10." in text(basis)
    row_a = re.search(r'id="row-A".*?</section>', page, flags=re.DOTALL).group(0)
    assert "with a consensus score of 1-4 (not in place or minimal components in place)" in row_a
    assert "(score 4)" in row_a and "(score 1)" in row_a
    assert "at least minimal (3 or more) and more than half are an area of strength (8-10)" in page


def pdf_text(data):
    return " ".join(
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages
    )


def test_the_pdf_prints_the_1_to_10_values_levels_and_legend(ten):
    content = milestone_content(ten)
    assert content["instrument"]["scale"][0] == {
        "value": 1,
        "label": "Level 1",
        "meaning": "not_in_place",
    }
    assert [level["value"] for level in content["vapcat"]["levels"]] == [
        "1-2",
        "3-4",
        "5-7",
        "8-10",
    ]
    domain_a = content["vapcat"]["domains"][0]
    assert domain_a["level_counts"] == {"1-2": 1, "3-4": 1, "5-7": 1, "8-10": 1}
    assert [i["score"] for i in domain_a["items"]] == [9, 4, 7, 1]
    context = deliverable_context(content)
    assert context["chart"]["score_range"] == (1, 10)
    printed = pdf_text(render_pdf(content))
    assert "Answer scale: 1 = Level 1 (not in place);" in printed
    assert "8 = Level 8 (area of strength); 9 = Level 9 (area of strength)" in printed
    assert "Don't know." in printed
    assert "Mean score (1-10)" in printed
    assert "Respondents diverge (3 or more steps apart)" in printed
    for header in ("1-2", "3-4", "5-7", "8-10"):
        assert header in printed
    assert "Mean consensus score (1-10)" in render_pdf_chart_text(context)


def test_the_word_copy_prints_the_1_to_10_levels_and_legend(ten):
    document = docx.Document(io.BytesIO(render_docx(milestone_content(ten))))
    header = next(
        [" ".join(cell.text.split()) for cell in table.rows[0].cells]
        for table in document.tables
        if table.rows[0].cells[0].text == "Domain"
    )
    assert header[2:] == [
        "Items at 1-2 (Not in place)",
        "Items at 3-4 (Minimal components in place)",
        "Items at 5-7 (Partially in place)",
        "Items at 8-10 (Area of strength)",
        "Mean score (1-10)",
    ]
    body = " ".join(p.text for p in document.paragraphs)
    assert "Answer scale: 1 = Level 1 (not in place);" in body
    cells = " ".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Respondents diverge (3 or more steps apart)" in cells


def render_pdf_chart_text(context):
    """The chart the PDF draws, as the SVG text it is drawn from."""
    return domain_chart_svg(context["chart"]["rows"], score_range=context["chart"]["score_range"])


def test_a_snapshot_stored_before_scales_had_meanings_still_renders(cast):
    factories.answer_all(cast.milestone, cast.respondent, values=(0, 1, 3, None))
    content = milestone_content(cast.milestone)
    # As stored before: the scale without meanings, level counts keyed "0"-"3", no levels.
    content["instrument"]["scale"] = [
        {"value": p["value"], "label": p["label"]} for p in factories.SCALE
    ]
    del content["vapcat"]["levels"]
    context = deliverable_context(content)
    assert [level["value"] for level in context["levels"]] == ["0", "1", "2", "3"]
    assert context["scale_span"] == "0-3"
    assert context["divergence_note"] == "2 or more steps apart"
    printed = pdf_text(render_pdf(content))
    assert "Answer scale: 0 = Not in place; 1 = Minimal components in place;" in printed
    assert "Mean score (0-3)" in printed
    del content["instrument"]["scale"]
    assert deliverable_context(content)["scale_span"] == "0-3"


# Values off the scale ------------------------------------------------------------


def test_an_autosave_off_the_0_to_3_scale_gets_a_clear_message(cast, login):
    response = login(cast.respondent).post(
        reverse("assessments:autosave", args=[cast.milestone.pk]), {"item": "A1", "A1-value": "7"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "A1: Choose one of the answers: 0 to 3, or Don't know."
    assert not Answer.objects.exists()


def test_an_autosave_on_a_1_to_10_scale_takes_its_values(cast, login, ten):
    client = login(cast.lead)
    url = reverse("assessments:autosave", args=[ten.pk])
    Answer.objects.filter(response__respondent=cast.lead).delete()
    ten.responses.filter(respondent=cast.lead).update(status="in_progress")
    assert client.post(url, {"item": "A1", "A1-value": "10"}).json()["saved"] is True
    refused = client.post(url, {"item": "A1", "A1-value": "0"})
    assert refused.status_code == 400
    assert refused.json()["error"] == "A1: Choose one of the answers: 1 to 10, or Don't know."


def test_a_consensus_off_the_0_to_3_scale_gets_a_clear_message(cast, login):
    factories.answer_all(cast.milestone, cast.respondent)
    response = login(cast.lead).post(
        reverse("assessments:consensus", args=[cast.milestone.pk, "A1"]),
        {"score": "7", "note": "typed 7", "revision": "0"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a score from 0 to 3, or the default." in page
    assert "typed 7" in page  # the note is kept
    assert not ConsensusScore.objects.exists()


def test_the_services_refuse_a_value_off_the_scale_whoever_calls_them(cast):
    item = Item.objects.get(domain__instrument=cast.instrument, code="A1")
    with pytest.raises(
        services.QuestionnaireError,
        match=r"A1: 7 is not on this questionnaire's answer scale \(0-3\)",
    ):
        services.answers_save(
            cast.milestone, cast.respondent, {item: services.AnswerInput(value=7)}
        )
    with pytest.raises(services.QuestionnaireError, match=r"A1: 7 is not on .* \(0-3\)"):
        services.consensus_set(cast.milestone, item, 7, "note", cast.lead, 0)
    assert not Answer.objects.exists() and not ConsensusScore.objects.exists()
