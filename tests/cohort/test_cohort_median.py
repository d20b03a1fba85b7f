"""A practice's results page shows its maturity beside the cohort median once at least
five practices of its cycle have submitted; never another practice's figures."""

import pytest
from django.urls import reverse

from gap_analysis.models import DomainRating
from submissions.lifecycle import milestone_start
from submissions.models import MilestoneSubmission
from tests import factories

pytestmark = pytest.mark.django_db


def submitted_practices(cast, maturities):
    """One submitted milestone of the cycle per maturity, every domain rated so."""
    for n, maturity in enumerate(maturities):
        practice = factories.make_practice(f"Submitted practice {n}")
        lead = factories.make_user(f"lead{n}@submitted.test")
        milestone = milestone_start(practice, cast.cycle, lead)
        DomainRating.objects.filter(milestone=milestone).update(maturity=maturity)
        MilestoneSubmission.objects.filter(pk=milestone.pk).update(status="submitted", version=1)


def results(cast, login):
    DomainRating.objects.filter(milestone=cast.milestone).update(maturity=1)
    url = reverse("assessments:results", args=[cast.milestone.pk])
    return login(cast.lead).get(url)


def test_below_five_submitted_practices_no_cohort_figure(cast, login):
    submitted_practices(cast, [4, 4, 4, 4])
    response = results(cast, login)
    assert response.context["beside_cohort"] is None
    assert "once at least 5 practices of May 2026 have submitted" in response.content.decode()


def test_at_five_the_median_is_shown_beside_the_practice(cast, login):
    submitted_practices(cast, [1, 2, 3, 4, 5])
    response = results(cast, login)
    rows = response.context["beside_cohort"]
    assert [(d.code, d.maturity, d.cohort_median) for d in rows] == [
        (code, 1, 3) for code in "ABCDE"
    ]
    page = response.content.decode()
    assert "Cohort median" in page
    assert "Submitted practice" not in page


def test_drafts_and_other_cycles_do_not_count(cast, login):
    submitted_practices(cast, [1, 2, 3, 4])
    practice = factories.make_practice("November practice")
    other = milestone_start(practice, cast.other_cycle, factories.make_user("n@nov.test"))
    MilestoneSubmission.objects.filter(pk=other.pk).update(status="submitted", version=1)
    DomainRating.objects.filter(milestone=cast.other_milestone).update(maturity=5)
    assert results(cast, login).context["beside_cohort"] is None
