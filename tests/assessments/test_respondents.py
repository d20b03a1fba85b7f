"""The respondents page: inviting respondents, who has answered how far, one respondent's
answers, and a lead reopening submitted answers."""

import html
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from assessments.models import Response
from tests import factories
from tests.assessments.answering import (
    answer,
    count_queries,
    form_data,
    make_read_only,
    make_respondents,
)


def url(milestone):
    return reverse("assessments:respondents", args=[milestone.pk])


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pending_list(html):
    """The text of the list of invitations not accepted yet."""
    return text(html.split('id="pending"', 1)[1].split("</ul>", 1)[0])


def row(html, user):
    """The text of ``user``'s row in the respondents table."""
    match = re.search(rf'<tr id="respondent-{user.pk}">(.*?)</tr>', html, re.S)
    return text(match.group(1))


def test_each_lead_and_respondent_is_listed_with_how_far_they_are(cast, login):
    answer(cast.milestone, cast.respondent, {"A1": 1, "A2": None, "A3": 2}, submit=False)
    (finance,) = make_respondents(cast.practice, 1)
    submitted = answer(cast.milestone, finance, [2])
    page = login(cast.lead).get(url(cast.milestone)).content.decode()
    assert "Lena Lead" in row(page, cast.lead) and "Not started" in row(page, cast.lead)
    assert "Practice lead" in row(page, cast.lead)
    assert "In progress 3 of 20 answered" in row(page, cast.respondent)
    on = timezone.localtime(submitted.submitted_at)  # the page's time zone, not UTC
    assert f"Submitted on {on:%b} {on.day}" in row(page, finance)
    assert "Reopen" in row(page, finance) and "Reopen" not in row(page, cast.respondent)
    assert reverse("practices:invitations", args=[cast.practice.pk]) in page


def test_someone_who_left_the_practice_still_shows_with_their_answers(cast, login):
    (former,) = make_respondents(cast.practice, 1)
    answer(cast.milestone, former, [1])
    former.memberships.all().delete()
    page = login(cast.lead).get(url(cast.milestone)).content.decode()
    assert "Former member" in row(page, former) and "Submitted" in row(page, former)


def test_lead_invites_a_respondent_by_email(cast, login):
    client = login(cast.lead)
    response = client.post(url(cast.milestone), {"email": "Ops@Alder.test"}, follow=True)
    assert "An invitation was sent to ops@alder.test" in response.content.decode()
    invitation = Invitation.objects.get(email="ops@alder.test")
    assert invitation.role == Invitation.Role.RESPONDENT
    assert invitation.practice == cast.practice
    assert mail.outbox[0].to == ["ops@alder.test"]


def test_inviting_someone_with_an_account_waits_for_them_to_accept(cast, login):
    person = factories.make_user("clinic@elsewhere.test")
    response = login(cast.lead).post(
        url(cast.milestone), {"email": "clinic@elsewhere.test"}, follow=True
    )
    page = response.content.decode()
    assert "An invitation was sent to clinic@elsewhere.test." in page
    assert not person.memberships.exists()
    assert "clinic@elsewhere.test" in pending_list(page)
    assert mail.outbox[0].to == ["clinic@elsewhere.test"]


def test_inviting_a_current_member_is_refused_beside_the_field(cast, login):
    response = login(cast.lead).post(url(cast.milestone), {"email": "cfo@alder.test"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "cfo@alder.test is already a respondent of Alder Family Medicine." in page
    assert 'href="#id_email"' in page
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_practice_coach_cannot_be_invited_as_a_respondent(cast, login):
    response = login(cast.lead).post(url(cast.milestone), {"email": "coach@program.test"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Cora Coach already coaches Alder Family Medicine" in page
    assert 'href="#id_email"' in page
    assert not Invitation.objects.exists() and not mail.outbox
    assert not cast.practice.memberships.filter(user=cast.coach).exists()


def test_invalid_email_is_refused_and_kept(cast, login):
    response = login(cast.lead).post(url(cast.milestone), {"email": "ops at alder"})
    page = response.content.decode()
    assert "Enter an e-mail address like name@practice.org." in page
    assert 'value="ops at alder"' in page


def test_lead_reopens_a_submitted_response(cast, login):
    submitted = answer(cast.milestone, cast.respondent, [2])
    client = login(cast.lead)
    reopen = reverse("assessments:reopen", args=[cast.milestone.pk, submitted.pk])
    page = client.post(reopen, follow=True).content.decode()
    assert "Rafael Respondent's answers were reopened" in html.unescape(page)
    submitted.refresh_from_db()
    assert submitted.status == Response.Status.IN_PROGRESS and submitted.submitted_at is None

    # The respondent can change and submit again.
    respondent = login(cast.respondent)
    overview = reverse("assessments:overview", args=[cast.milestone.pk])
    assert 'type="radio"' in respondent.get(overview).content.decode()
    data = form_data(cast.milestone, {"A1": "3"}, revision=0)
    assert respondent.post(overview, data).status_code == 302
    assert submitted.answers.get(item__code="A1").value == 3


def test_reopening_answers_in_progress_says_there_is_nothing_to_reopen(cast, login):
    in_progress = answer(cast.milestone, cast.respondent, [2], submit=False)
    reopen = reverse("assessments:reopen", args=[cast.milestone.pk, in_progress.pk])
    page = login(cast.lead).post(reopen, follow=True).content.decode()
    assert "are not submitted, so there is nothing to reopen" in page


def test_reopening_on_a_read_only_milestone_is_refused(cast, login):
    submitted = answer(cast.milestone, cast.respondent, [2])
    make_read_only(cast.milestone)
    client = login(cast.lead)
    assert "Reopen" not in row(client.get(url(cast.milestone)).content.decode(), cast.respondent)
    reopen = reverse("assessments:reopen", args=[cast.milestone.pk, submitted.pk])
    page = client.post(reopen, follow=True).content.decode()
    assert "read-only; nothing was saved" in page
    submitted.refresh_from_db()
    assert submitted.status == Response.Status.SUBMITTED


def test_response_of_another_milestone_cannot_be_reopened_here(cast, login):
    elsewhere = answer(cast.other_milestone, cast.other_lead, [1])
    reopen = reverse("assessments:reopen", args=[cast.milestone.pk, elsewhere.pk])
    assert login(cast.lead).post(reopen).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Response.Status.SUBMITTED


# One respondent's answers --------------------------------------------------------


def answers_url(milestone, response):
    return reverse("assessments:response", args=[milestone.pk, response.pk])


def test_lead_and_coach_read_a_respondents_answers(cast, login):
    response = answer(cast.milestone, cast.respondent, [3, None], comments={"B1": "Ask IT"})
    for user in (cast.lead, cast.coach, cast.admin):
        page = login(user).get(answers_url(cast.milestone, response)).content.decode()
        assert "VaPCAT answers of Rafael Respondent" in page
        assert "<strong>3 · Area of strength</strong>" in page
        assert "<strong>Don't know</strong>" in html.unescape(page)
        assert "Comment: Ask IT" in page
        assert 'type="radio"' not in page


def test_respondent_gets_404_for_other_respondents_answers(cast, login):
    (colleague,) = make_respondents(cast.practice, 1)
    theirs = answer(cast.milestone, colleague, [1])
    own = answer(cast.milestone, cast.respondent, [2])
    client = login(cast.respondent)
    assert client.get(answers_url(cast.milestone, theirs)).status_code == 404
    # Their own answers live on their questionnaire, not here.
    assert client.get(answers_url(cast.milestone, own)).status_code == 404


def test_answers_of_another_practice_are_404(cast, login):
    elsewhere = answer(cast.other_milestone, cast.other_lead, [1])
    client = login(cast.lead)
    assert client.get(answers_url(cast.milestone, elsewhere)).status_code == 404
    assert client.get(answers_url(cast.other_milestone, elsewhere)).status_code == 404


# Query counts --------------------------------------------------------------------


def test_query_count_is_the_same_for_1_and_8_respondents(cast, login):
    client = login(cast.lead)
    answer(cast.milestone, cast.respondent, [1, 2])
    one = count_queries(client, url(cast.milestone))
    for n, user in enumerate(make_respondents(cast.practice, 7)):
        answer(cast.milestone, user, [0, 3], submit=n % 2 == 0)
    # 8, + the pending invitations, + the session's save
    assert count_queries(client, url(cast.milestone)) == one == 9 + 3
