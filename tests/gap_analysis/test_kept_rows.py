"""The gap analysis's stored rows are drawn once per change of the content and kept: the
kept rows must never be another reader's, another state's or older than the content."""

from django.test import Client
from django.urls import reverse

from gap_analysis.models import DomainRating
from submissions.models import MilestoneSubmission
from tests.action_plans.browser import form_data


def url(cast):
    return reverse("gap_analysis:edit", args=[cast.milestone.pk])


def test_editors_and_readers_each_get_their_own_rows(cast, login, set_scores):
    set_scores({"A1": 0})
    add_gap = 'name="add_gap"'
    assert add_gap in login(cast.lead).get(url(cast)).content.decode()
    coach_page = login(cast.coach).get(url(cast)).content.decode()
    assert add_gap not in coach_page and 'name="rating-A-gaps"' in coach_page
    assert add_gap in login(cast.admin).get(url(cast)).content.decode()
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted")
    assert add_gap not in login(cast.lead).get(url(cast)).content.decode()


def test_kept_rows_post_with_the_readers_own_token_and_show_the_save(cast, login):
    login(cast.lead).get(url(cast))  # drawn and kept for editors
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(cast.admin)
    data = form_data(admin.get(url(cast)))
    data["rating-B-current_state"] = "Monthly reports from the plan."
    assert admin.post(url(cast), data).status_code == 302
    page = login(cast.lead).get(url(cast)).content.decode()
    assert "Monthly reports from the plan." in page
    # A save from elsewhere (the admin site) shows too.
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="B")
    rating.current_state = "Weekly reports."
    rating.save()
    assert "Weekly reports." in login(cast.lead).get(url(cast)).content.decode()
