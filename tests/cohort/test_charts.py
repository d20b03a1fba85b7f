"""The cohort charts: the numbers of each are in a table beside it, over the board's
practices only, and the pictures tell series apart by pattern, not colour alone."""

import base64

import pytest
from django.urls import reverse

from gap_analysis.models import DomainRating
from submissions.lifecycle import milestone_submit
from submissions.models import MilestoneSubmission, Transition
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("cohort:board")


def charts_of(response):
    return {chart["key"]: chart for chart in response.context["charts"]}


def test_without_submitted_milestones_the_charts_say_so(cast, login):
    response = login(cast.admin).get(URL, {"cycle": cast.cycle.pk})
    charts = charts_of(response)
    assert charts["maturity"]["rows"] == [] and charts["maturity"]["picture"] is None
    assert "Nothing to show yet" in response.content.decode()


def test_charts_count_the_submitted_milestones(cast, login):
    factories.complete_milestone(cast.milestone, cast.respondent)
    milestone_submit(cast.milestone, cast.lead)
    DomainRating.objects.filter(milestone=cast.other_milestone).update(maturity=5)
    response = login(cast.admin).get(URL, {"cycle": cast.cycle.pk})
    charts = charts_of(response)
    # complete_milestone rates every domain 2, priority high; the draft does not count.
    assert charts["maturity"]["rows"][0] == (
        "Leadership, Governance, and Legal",
        [0, 0, 1, 0, 0, 0],
    )
    assert charts["priorities"]["rows"][0] == ("Leadership, Governance, and Legal", [1, 0, 0])
    assert ("Capability name 1", 1) in charts["capabilities"]["rows"]
    last_week = charts["progress"]["rows"][-1][1]
    assert last_week == [1, 1, 0, 0]  # Birch in draft, Alder submitted
    page = response.content.decode()
    assert "Capability name 1" in page
    svg = base64.b64decode(charts["maturity"]["picture"].split(",", 1)[1]).decode()
    assert "Maturity 2" in svg  # a legend in words
    assert "<pattern" in svg  # hatching: each level has its own pattern


def test_a_coach_charts_only_their_practices(cast, login):
    for milestone in (cast.milestone, cast.other_milestone):
        DomainRating.objects.filter(milestone=milestone).update(maturity=3, priority="low")
    MilestoneSubmission.objects.filter(pk=cast.other_milestone.pk).update(status="submitted")
    Transition.objects.create(
        milestone=cast.other_milestone, from_status="draft", to_status="submitted"
    )
    charts = charts_of(login(cast.coach).get(URL, {"cycle": cast.cycle.pk}))
    assert charts["maturity"]["rows"] == []
    assert charts["progress"]["rows"][-1][1] == [1, 0, 0, 0]
