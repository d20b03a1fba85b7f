"""The VaPCAT's texts have bounds: a comment or a consensus note that is too long is
refused beside its field and comes back as typed; a count beside each says how much room
is left."""

import html
import re

from django.urls import reverse

from assessments.models import ConsensusScore, Response
from tests.assessments.answering import answer, form_data, make_respondents


def count(page, field_id):
    return re.search(rf'<div id="{field_id}-count"[^>]*>(.*?)</div>', page, re.S)


def test_every_comment_of_the_questionnaire_shows_its_count(cast, login):
    page = (
        login(cast.respondent)
        .get(reverse("assessments:overview", args=[cast.milestone.pk]))
        .content.decode()
    )
    field = re.search(r'<textarea[^>]*id="id_A1-comment"[^>]*>', page).group(0)
    assert 'data-max="2000"' in field and "maxlength" not in field
    element = count(page, "id_A1-comment")
    assert 'aria-live="polite"' in element.group(0)
    assert element.group(1) == "0 of 2,000 characters"


def test_a_comment_of_more_than_60_lines_is_refused_and_kept(cast, login):
    comment = "\n".join(f"Point {n}" for n in range(1, 71))
    data = form_data(cast.milestone, {"A1": "2"}, comments={"A1": comment})
    response = login(cast.respondent).post(
        reverse("assessments:overview", args=[cast.milestone.pk]), data
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "A1: Keep the comment to 60 lines; it has 70." in page
    assert comment in page
    assert not Response.objects.exists()


def test_a_consensus_note_over_1000_characters_is_refused_and_kept(cast, login):
    first, second = make_respondents(cast.practice, 2)
    for person, value in ((cast.respondent, 0), (first, 2), (second, 3)):
        answer(cast.milestone, person, {"A1": value})
    client = login(cast.lead)
    results = reverse("assessments:results", args=[cast.milestone.pk])
    page = client.get(results).content.decode()
    assert count(page, "consensus-A1-note").group(1) == "0 of 1,000 characters"
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    note = "The team agreed after a long discussion. " * 30
    response = client.post(
        reverse("assessments:consensus", args=[cast.milestone.pk, "A1"]),
        {"score": "2", "note": note, "revision": revision},
    )
    page = response.content.decode()
    assert response.status_code == 200
    message = f"Keep the note to 1,000 characters; it has {len(note.strip()):,}."
    assert f'<a href="#consensus-A1-note" class="alert-link">A1 · Note: {message}' in page
    assert html.escape(note.strip(), quote=False) in page
    assert '<option value="2" selected>' in page
    assert not ConsensusScore.objects.exists()
