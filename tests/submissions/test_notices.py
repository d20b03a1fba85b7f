"""A notice for every move, by e-mail and on the page: each person sees what they were
told, on the milestone page and on their notices page."""

import html

import pytest
from django.urls import reverse

from assessments.models import Response
from assessments.services import response_submit
from submissions import lifecycle
from submissions.models import Notice
from tests import factories
from tests.assessments.answering import all_items, answer, form_data, items_of
from tests.factories import complete_milestone
from tests.test_page_html import html_problems


def notices_page(client):
    return html.unescape(client.get(reverse("submissions:notices")).content.decode())


def milestone_page(client, milestone):
    return html.unescape(client.get(milestone.get_absolute_url()).content.decode())


@pytest.fixture
def accepted(cast):
    milestone = complete_milestone(cast.milestone, cast.respondent)
    lifecycle.milestone_submit(milestone, cast.lead)
    return lifecycle.milestone_accept(milestone, cast.coach, "Well done.")


def test_reopening_tells_leads_and_coaches_why_on_the_page(cast, accepted, login, mailoutbox):
    mailoutbox.clear()
    login(cast.admin).post(
        reverse("submissions:reopen", args=[accepted.pk]), {"note": "Wrong cost year."}
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["coach@program.test", "lead@alder.test"]
    for person in (cast.lead, cast.coach):
        client = login(person)
        page = milestone_page(client, accepted)
        assert "Your latest notices" in page
        assert "Alder Family Medicine's VBP milestone was reopened" in page
        assert "Wrong cost year." in page and "by Ada Admin" in page
        listed = notices_page(client)
        assert "Alder Family Medicine's VBP milestone was reopened" in listed
        assert "Alder Family Medicine, May 2026" in listed
    # The administrator who reopened it is not told of their own move.
    assert "was reopened" not in notices_page(login(cast.admin))


def test_every_lifecycle_move_leaves_a_notice_for_whoever_was_mailed(cast, accepted):
    told = sorted(Notice.objects.values_list("kind", "recipient__email"))
    assert told == [
        ("accepted", "lead@alder.test"),
        ("submitted", "coach@program.test"),
    ]


def test_a_respondent_submitting_tells_the_leads(cast, login, mailoutbox):
    client = login(cast.respondent)
    data = form_data(cast.milestone, all_items(cast.milestone, "2"), action="submit")
    url = reverse("assessments:overview", args=[cast.milestone.pk])
    assert client.post(url, data).status_code == 302
    assert [m.to for m in mailoutbox] == [["lead@alder.test"]]
    assert mailoutbox[0].subject == (
        "Rafael Respondent submitted VaPCAT answers for Alder Family Medicine"
    )
    respondents = reverse("assessments:respondents", args=[cast.milestone.pk])
    assert f"http://127.0.0.1:8000{respondents}" in mailoutbox[0].body
    page = milestone_page(login(cast.lead), cast.milestone)
    assert "Rafael Respondent submitted VaPCAT answers" in page
    assert f'href="{respondents}"' in page


def test_a_lead_submitting_their_own_answers_tells_the_other_leads_only(cast, mailoutbox):
    second = factories.make_user("lead2@alder.test", full_name="Lou Second")
    factories.add_member(cast.practice, second, "lead")
    gone = factories.make_user("gone@alder.test", full_name="Gone Lead", is_active=False)
    factories.add_member(cast.practice, gone, "lead")
    answer(cast.milestone, cast.lead, [2], submit=False)
    response_submit(cast.milestone, cast.lead, items_of(cast.milestone))
    assert [m.to for m in mailoutbox] == [["lead2@alder.test"]]


def test_reopened_answers_tell_the_respondent(cast, login, mailoutbox):
    submitted = answer(cast.milestone, cast.respondent, [2])
    login(cast.lead).post(reverse("assessments:reopen", args=[cast.milestone.pk, submitted.pk]))
    assert Response.objects.get(pk=submitted.pk).status == Response.Status.IN_PROGRESS
    assert [m.to for m in mailoutbox] == [["cfo@alder.test"]]
    assert mailoutbox[0].subject == "Your VaPCAT answers for Alder Family Medicine were reopened"
    assert "Lena Lead reopened your VaPCAT answers" in mailoutbox[0].body
    respondent = login(cast.respondent)
    page = milestone_page(respondent, cast.milestone)
    assert "Your VaPCAT answers for Alder Family Medicine were reopened" in page
    overview = reverse("assessments:overview", args=[cast.milestone.pk])
    assert f'href="{overview}"' in page
    assert html_problems(page) == []


def test_each_person_sees_only_their_own_notices(cast, accepted, login):
    assert "You have not been sent any notice yet." in notices_page(login(cast.respondent))
    assert "You have not been sent any notice yet." in notices_page(login(cast.other_lead))
    assert "You have not been sent any notice yet." in notices_page(login(cast.other_coach))
    assert "was accepted" not in milestone_page(login(cast.coach), accepted)
    assert "Your latest notices" not in milestone_page(login(cast.respondent), accepted)


def test_the_notices_page_is_linked_from_every_page_and_pages_through(cast, login):
    for n in range(30):
        Notice.objects.create(
            recipient=cast.lead,
            milestone=cast.milestone,
            kind=Notice.Kind.ACCEPTED,
            subject=f"Notice number {n}",
            link=cast.milestone.get_absolute_url(),
        )
    client = login(cast.lead)
    assert f'href="{reverse("submissions:notices")}">Notices</a>' in milestone_page(
        client, cast.milestone
    )
    first = notices_page(client)
    assert "Notice number 29" in first and "Notice number 5" in first
    assert "Notice number 4" not in first and "1 of 2" in first
    assert html_problems(first) == []
    second = html.unescape(client.get(reverse("submissions:notices") + "?page=2").content.decode())
    assert "Notice number 4" in second and "Notice number 29" not in second
    # The milestone page shows the latest few.
    page = milestone_page(client, cast.milestone)
    assert "Notice number 25" in page and "Notice number 24" not in page


def test_notices_page_query_count_does_not_grow(cast, login, django_assert_num_queries):
    client = login(cast.lead)
    url = reverse("submissions:notices")
    Notice.objects.create(
        recipient=cast.lead, milestone=cast.milestone, kind="accepted", subject="One", link="/"
    )
    client.get(url)
    with django_assert_num_queries(8) as captured:
        client.get(url)
    for n in range(10):
        Notice.objects.create(
            recipient=cast.lead,
            milestone=cast.other_milestone if n % 2 else cast.milestone,
            kind="reply",
            actor=cast.coach,
            subject=f"N{n}",
            link="/",
        )
    with django_assert_num_queries(len(captured)):
        client.get(url)


def test_a_mail_server_that_is_down_leaves_the_notice_and_the_move(
    cast, login, monkeypatch, settings
):
    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("accounts.tasks.send_mail", refuse)
    submitted = answer(cast.milestone, cast.respondent, [2])
    response = login(cast.lead).post(
        reverse("assessments:reopen", args=[cast.milestone.pk, submitted.pk])
    )
    assert response.status_code == 302
    assert Notice.objects.get().recipient == cast.respondent
