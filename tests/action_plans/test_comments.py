"""The coach's comments on each page of part C: shown on the page they are about, and
their "Mark as addressed" form stands beside the page's form, never inside it (a nested
</form> would end the page's form early in a browser)."""

import pytest
from django.urls import reverse

from submissions.models import MilestoneSubmission, ReviewComment
from tests.action_plans.browser import form_data, nested_forms
from tests.action_plans.conftest import make_capability


def pages(cast):
    pk = cast.milestone.pk
    return {
        "process": (reverse("action_plans:process", args=[pk]), "process-form"),
        "plan:2": (reverse("action_plans:capability", args=[pk, 2]), "plan-form"),
        "risks": (reverse("action_plans:risks", args=[pk]), "risks-form"),
    }


@pytest.mark.parametrize("section", ["process", "plan:2", "risks"])
def test_an_open_comment_is_not_inside_the_pages_form(cast, login, section):
    make_capability(cast.milestone)
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(
        status="changes_requested", version=1
    )
    ReviewComment.objects.create(
        milestone=cast.milestone, section=section, body="Please say more.", version=1
    )
    url, form_id = pages(cast)[section]
    client = login(cast.lead)
    response = client.get(url)
    page = response.content.decode()
    assert "Please say more." in page
    assert "Mark as addressed" in page
    forms, nested = nested_forms(page)
    assert nested == 0
    # the logout form, the comment's form and the page's own form
    assert forms == 3
    data = form_data(response, form_id)
    assert "revision" in data and "next" not in data


@pytest.mark.parametrize("section", ["process", "plan:2", "risks"])
def test_the_coach_sees_the_comments_without_marking_them(cast, login, section):
    make_capability(cast.milestone)
    ReviewComment.objects.create(
        milestone=cast.milestone, section=section, body="Please say more.", version=1
    )
    ReviewComment.objects.create(
        milestone=cast.milestone, section="general", body="Not for this page.", version=1
    )
    url, _ = pages(cast)[section]
    page = login(cast.coach).get(url).content.decode()
    assert "Please say more." in page
    assert "Not for this page." not in page
    assert "Mark as addressed" not in page
