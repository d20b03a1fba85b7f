"""Who is told of each move of a milestone, by e-mail."""

import pytest
from django.urls import reverse

from submissions import lifecycle
from submissions.models import MilestoneSubmission
from tests.factories import complete_milestone


@pytest.fixture
def accepted(cast):
    milestone = complete_milestone(cast.milestone, cast.respondent)
    lifecycle.milestone_submit(milestone, cast.lead)
    return lifecycle.milestone_accept(milestone, cast.coach, "Well done.")


def test_reopening_tells_the_leads_and_the_coaches_why(cast, accepted, login, mailoutbox):
    mailoutbox.clear()
    response = login(cast.admin).post(
        reverse("submissions:reopen", args=[accepted.pk]),
        {"note": "The cost figures were entered in the wrong year."},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == MilestoneSubmission.Status.DRAFT
    assert sorted(m.to[0] for m in mailoutbox) == ["coach@program.test", "lead@alder.test"]
    message = mailoutbox[0]
    assert message.subject == "Alder Family Medicine's VBP milestone was reopened"
    assert "Reason: The cost figures were entered in the wrong year." in message.body
    assert f"http://127.0.0.1:8000/milestones/{accepted.pk}/" in message.body


def test_links_in_e_mails_use_the_address_served(cast, accepted, login, mailoutbox, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    mailoutbox.clear()
    lifecycle.milestone_reopen(accepted, cast.admin, "A figure is wrong.")
    assert len(mailoutbox) == 2
    assert all(f"http://127.0.0.1:8123/milestones/{accepted.pk}/" in m.body for m in mailoutbox)
