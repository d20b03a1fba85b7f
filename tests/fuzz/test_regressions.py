"""The bugs the fuzz tests found, one test each, so that they stay fixed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from action_plans.models import Activity, Indicator
from submissions.models import MilestoneSubmission, ReviewComment
from tests.fuzz.forms import FORMS
from tests.fuzz.harness import load_form

ACCEPT_BUTTON = '<button type="submit" class="btn btn-primary">Accept this version</button>'
EVIL = ["/\\evil.example", "//evil.example/", "https://evil.example/", "javascript:alert(1)"]


def _set_status(world, status):
    MilestoneSubmission.objects.filter(pk=world.milestone.pk).update(status=status)


# Refused review actions used to redirect with a flash message: what was typed was lost.


def test_request_changes_refused_shows_the_note_again_with_the_reason(world, login):
    _set_status(world, "submitted")
    world.milestone.comments.update(addressed_at=timezone.now(), addressed_by=world.cast.lead)
    note = "Please name an owner for each mitigation — مرحبا 👩🏽‍⚕️"
    response = login(world.cast.coach).post(
        reverse("submissions:request_changes", args=[world.milestone.pk]), {"note": note}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Add at least one comment saying what to change before requesting changes." in page
    assert note in page
    assert 'class="alert alert-danger error-summary"' in page
    world.milestone.refresh_from_db()
    assert world.milestone.status == "submitted"


def test_a_note_too_long_to_accept_comes_back_beside_its_error(world, login):
    _set_status(world, "submitted")
    note = "Thank you. " * 500  # 5,500 characters; the textarea has no limit of its own
    response = login(world.cast.coach).post(
        reverse("submissions:accept", args=[world.milestone.pk]), {"note": note}
    )
    page = response.content.decode()
    assert "Note (optional): Keep the note to 5,000 characters; it has 5,499." in page
    assert note.strip() in page
    assert ACCEPT_BUTTON in page  # to try again
    world.milestone.refresh_from_db()
    assert world.milestone.status == "submitted"


def test_reopen_without_a_reason_shows_the_form_again(world, login):
    _set_status(world, "accepted")
    response = login(world.cast.admin).post(
        reverse("submissions:reopen", args=[world.milestone.pk]), {"note": "  "}
    )
    page = response.content.decode()
    assert "Reason for reopening: This field is required." in page
    assert "Reopen this accepted milestone" in page
    world.milestone.refresh_from_db()
    assert world.milestone.status == "accepted"


def test_an_action_no_longer_possible_keeps_the_note_but_offers_no_button(world, login):
    note = "Looks good to me."
    response = login(world.cast.coach).post(
        reverse("submissions:accept", args=[world.milestone.pk]), {"note": note}
    )
    page = response.content.decode()
    assert "This milestone is draft; you cannot accept it now." in page
    assert note in page
    assert ACCEPT_BUTTON not in page


def test_a_refused_comment_keeps_what_was_typed(world, login):
    _set_status(world, "submitted")
    body = "Operations: say who negotiates the contracts.\r\nשלום"
    before = ReviewComment.objects.count()
    response = login(world.cast.coach).post(
        reverse("submissions:comment_create", args=[world.milestone.pk]),
        {"section": "gap:Z", "body": body},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Section: Select a valid choice. gap:Z is not one of the available choices." in page
    assert body in page
    assert ReviewComment.objects.count() == before


def test_a_comment_with_a_nul_character_is_refused_not_a_500(world, login):
    _set_status(world, "submitted")
    response = login(world.cast.coach).post(
        reverse("submissions:comment_create", args=[world.milestone.pk]),
        {"section": "risks", "body": "a\x00b"},
    )
    assert response.status_code == 200
    assert "Comment: Null characters are not allowed." in response.content.decode()


# Marking a comment addressed wrote first and read the request afterwards.


def test_marking_addressed_with_a_body_too_big_to_read_marks_nothing(world, login):
    comment = world.milestone.comments.get()
    response = login(world.cast.lead).post(
        reverse("submissions:comment_address", args=[world.milestone.pk, comment.pk]),
        {"next": "x" * (3 * 2**20)},  # beyond DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    )
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.addressed_at is None


@pytest.mark.parametrize("target", EVIL)
def test_marking_addressed_never_sends_anyone_off_the_site(world, login, target):
    comment = world.milestone.comments.get()
    response = login(world.cast.lead).post(
        reverse("submissions:comment_address", args=[world.milestone.pk, comment.pk]),
        {"next": target},
    )
    assert response["Location"] == world.milestone.get_absolute_url()


def test_marking_addressed_returns_to_the_page_it_came_from(world, login):
    comment = world.milestone.comments.get()
    back = reverse("action_plans:risks", args=[world.milestone.pk]) + f"#comment-{comment.pk}"
    response = login(world.cast.lead).post(
        reverse("submissions:comment_address", args=[world.milestone.pk, comment.pk]),
        {"next": back},
    )
    assert response["Location"] == back


# A tampered TOTAL_FORMS made Django build and render up to 2,000 rows per formset.


def test_a_tampered_row_count_builds_at_most_a_hundred_rows(world, login):
    client = login(world.cast.lead)
    url = reverse("action_plans:capability", args=[world.milestone.pk, 1])
    page = client.get(url).content.decode()
    token_free = {
        "revision": "0",
        "activities-TOTAL_FORMS": "99999",
        "activities-INITIAL_FORMS": "0",
        "key_decisions-TOTAL_FORMS": "0",
        "key_decisions-INITIAL_FORMS": "0",
        "structural_changes-TOTAL_FORMS": "0",
        "structural_changes-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
    }
    assert "activities-TOTAL_FORMS" in page
    before = Activity.objects.count()
    response = client.post(url, token_free)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Capability 1: keep to 20 activity rows or fewer" in page
    assert page.count('name="activities-99-description"') == 1
    assert 'name="activities-100-description"' not in page
    assert Activity.objects.count() == before


# An item code from the URL or the POST went to the database as typed: PostgreSQL answers a
# NUL character with an error, so these were a 500 there (and fine on SQLite).


def test_autosave_of_an_item_code_with_a_nul_is_refused(world, login):
    response = login(world.cast.respondent).post(
        reverse("assessments:autosave", args=[world.milestone.pk]),
        {"item": "A\x001", "A\x001-value": "1"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "There is no item “A\x001” in this questionnaire."


def test_consensus_for_an_item_code_with_a_nul_is_404(world, login):
    response = login(world.cast.lead).post(
        f"/milestones/{world.milestone.pk}/vapcat/results/consensus/A%001/",
        {"score": "1", "note": "Agreed."},
    )
    assert response.status_code == 404
    assert not world.milestone.consensus.exists()


# A row ticked for removal with an invalid value typed in it (the error is rightly ignored:
# the row goes) reached the history as typed: the database refused the historical row (a
# negative year), a 500; and history would have recorded text that was never saved.


def test_removing_a_row_with_a_bad_year_typed_in_it_records_what_was_stored(world, login):
    client = login(world.cast.lead)
    url = reverse("action_plans:capability", args=[world.milestone.pk, 1])
    indicator = Indicator.objects.get(
        plan__capability__milestone=world.milestone, name="Indicator 1"
    )
    post = load_form(world, FORMS["action_plans:capability"]).loaded()
    post.update(
        {
            "indicators-0-target_year": "-2027",
            "indicators-0-name": "Typed, never saved",
            "indicators-0-DELETE": "on",
        }
    )
    response = client.post(url, post)
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    last = Indicator.history.filter(id=indicator.pk).latest("history_date")
    assert last.history_type == "-"
    assert (last.name, last.target_year) == ("Indicator 1", 2028)
