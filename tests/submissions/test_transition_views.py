"""The lifecycle through its pages: messages, never a 500."""

import re

from django.urls import reverse

from submissions.models import MilestoneSubmission, ReviewComment


def test_accepting_a_draft_says_why_it_cannot(cast, login):
    client = login(cast.coach)
    response = client.post(reverse("submissions:accept", args=[cast.milestone.pk]), follow=True)
    assert response.status_code == 200
    assert "This milestone is draft; you cannot accept it now." in response.content.decode()


def test_request_changes_without_comment_is_refused_on_the_page(cast, login):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)
    response = login(cast.coach).post(
        reverse("submissions:request_changes", args=[cast.milestone.pk]), follow=True
    )
    assert "Add at least one comment" in response.content.decode()
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == "submitted"


def test_coach_accepts_a_submitted_milestone(cast, login):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)
    response = login(cast.coach).post(
        reverse("submissions:accept", args=[cast.milestone.pk]), {"note": "Thanks"}, follow=True
    )
    assert "The milestone was accepted." in response.content.decode()
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == "accepted"


def test_reopen_without_reason_keeps_it_accepted(cast, login):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="accepted", version=1)
    response = login(cast.admin).post(
        reverse("submissions:reopen", args=[cast.milestone.pk]), {"note": ""}, follow=True
    )
    assert "Reason for reopening: This field is required." in response.content.decode()
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == "accepted"


def test_request_changes_with_comment(cast, login):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)
    ReviewComment.objects.create(milestone=cast.milestone, section="risks", body="x", version=1)
    login(cast.coach).post(reverse("submissions:request_changes", args=[cast.milestone.pk]))
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == "changes_requested"


def test_milestone_page_shows_task_list_with_three_parts(cast, login):
    body = login(cast.lead).get(cast.milestone.get_absolute_url()).content.decode()
    for title in ("VaPCAT self-assessment", "Gap analysis", "Action plan"):
        assert title in body
    assert "Not started" in body


def test_respondent_sees_only_their_questionnaire(cast, login):
    body = login(cast.respondent).get(cast.milestone.get_absolute_url()).content.decode()
    assert "Your VaPCAT questionnaire" in body
    assert "Gap analysis" not in body


def test_submit_page_lists_unmet_rules_with_links(cast, login):
    body = login(cast.lead).get(reverse("submissions:submit", args=[cast.milestone.pk]))
    text = body.content.decode()
    assert "cannot be submitted yet" in text
    assert "No respondent has submitted their VaPCAT answers yet." in text
    assert "Leadership, Governance, and Legal: describe the current state." in text


def test_healthz_reports_database_failure(client, db):
    from unittest import mock

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=Exception):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert client.get("/healthz").json() == {"status": "ok"}


def test_task_list_shows_gap_analysis_warnings(cast, login):
    from gap_analysis.models import DomainRating
    from tests.factories import answer_all

    answer_all(cast.milestone, cast.respondent, values=(0,))
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="D").update(maturity=3)
    body = login(cast.lead).get(cast.milestone.get_absolute_url()).content.decode()
    assert "Warning:" in body
    assert "Financial:" in body


MILESTONE_PAGE_QUERIES = 26  # with the practice's due date (its extension, if any)


def test_milestone_page_query_count_does_not_grow(cast, login, django_assert_num_queries):
    from action_plans.models import ActionPlan, Activity
    from tests.factories import complete_milestone

    complete_milestone(cast.milestone, cast.respondent, activities=3)
    client = login(cast.lead)
    client.get(cast.milestone.get_absolute_url())
    # The task list is computed on every view, in a number of queries that does not
    # depend on how much the practice wrote (part C reads each of its 4 kinds of rows and
    # the risks' mitigations: only different entries count toward a minimum).
    with django_assert_num_queries(MILESTONE_PAGE_QUERIES):
        before = client.get(cast.milestone.get_absolute_url()).content.decode()
    for plan in ActionPlan.objects.filter(capability__milestone=cast.milestone):
        Activity.objects.bulk_create(
            Activity(plan=plan, description=f"More {n}", target_month=5, target_year=2028)
            for n in range(30)
        )
    with django_assert_num_queries(MILESTONE_PAGE_QUERIES):
        after = client.get(cast.milestone.get_absolute_url()).content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", after) == token.sub("", before)


def test_the_read_only_notice_is_for_the_practice_not_its_coach(cast, login):
    from submissions.models import Snapshot
    from submissions.snapshot import milestone_content

    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)
    Snapshot.objects.create(
        milestone=cast.milestone,
        version=1,
        content=milestone_content(cast.milestone),
        pdf=b"%PDF-1.7",
        pdf_sha256="0" * 64,
    )
    notice = "This milestone is submitted; it is read-only."
    assert notice in login(cast.lead).get(cast.milestone.get_absolute_url()).content.decode()
    assert notice in login(cast.admin).get(cast.milestone.get_absolute_url()).content.decode()
    for url in (
        cast.milestone.get_absolute_url(),
        reverse("submissions:review", args=[cast.milestone.pk]),
    ):
        response = login(cast.coach).get(url)
        assert response.status_code == 200
        assert notice not in response.content.decode()


def test_a_comment_shows_on_the_next_view_of_every_page_of_its_section(cast, login):
    from gap_analysis.models import Capability

    Capability.objects.create(milestone=cast.milestone, position=1, name="Reporting")
    client = login(cast.lead)
    plan = reverse("action_plans:capability", args=[cast.milestone.pk, 1])
    assert "Name the owner." not in client.get(plan).content.decode()  # none yet
    ReviewComment.objects.create(
        milestone=cast.milestone, section="plan:1", body="Name the owner.", version=1
    )
    assert "Name the owner." in client.get(plan).content.decode()
    assert "Name the owner." in client.get(cast.milestone.get_absolute_url()).content.decode()
