"""Posts the estimator's buttons never send change nothing, and what was typed stays on
the page when it comes back."""

from django.contrib import messages
from django.urls import reverse

from incentives.models import SavedEstimate
from submissions.models import MilestoneSubmission
from tests.incentives.test_estimate_page import TODAY, url

INPUTS = {"practice_type": "adult", "members": 10, "incentive_pmpm": 1, "population_health_pmpm": 1}


def _saved(milestone, **fields):
    return SavedEstimate.objects.create(milestone=milestone, name="Today", inputs=INPUTS, **fields)


def _scenario_url(milestone, saved):
    return reverse("incentives:scenario", args=[milestone.pk, saved.pk])


def _messages(response):
    return [(m.level, str(m)) for m in response.wsgi_request._messages]


def test_a_post_without_a_button_leaves_the_scenario_as_it_was(cast, login):
    client = login(cast.lead)
    saved = _saved(cast.milestone, in_pdf=True)
    stamp = MilestoneSubmission.objects.get(pk=cast.milestone.pk).updated_at
    for post in ({}, {"note": "x"}, {"in_pdf": "yes"}, {"delete": "0"}):
        response = client.post(_scenario_url(cast.milestone, saved), post)
        assert response.status_code == 302
        assert _messages(response)[-1] == (
            messages.ERROR,
            "Nothing was changed: choose to print “Today” in the PDF, to leave it out "
            "or to remove it.",
        )
    saved.refresh_from_db()
    assert saved.in_pdf  # still printed, and not removed
    assert MilestoneSubmission.objects.get(pk=cast.milestone.pk).updated_at == stamp


def test_the_print_button_names_what_it_does(cast, login):
    client = login(cast.lead)
    saved = _saved(cast.milestone)
    page = client.get(url(cast.milestone)).content.decode()
    assert (
        'name="in_pdf" value="1" class="btn btn-sm btn-outline-secondary">'
        "Print “Today” in the PDF</button>" in page
    )
    response = client.post(_scenario_url(cast.milestone, saved), {"in_pdf": "1"})
    assert _messages(response) == [
        (messages.SUCCESS, "The scenario “Today” will be printed in the PDF.")
    ]
    page = client.get(url(cast.milestone)).content.decode()
    assert 'name="in_pdf" value="0"' in page and "Leave “Today” out of the PDF" in page


def test_a_name_typed_before_estimating_stays_in_its_field(cast, login):
    client = login(cast.lead)
    post = {**TODAY, "members": "", "name": "CBP at attainment", "estimate": "1"}
    page = client.post(url(cast.milestone), post).content.decode()
    assert "error-summary" in page  # the members are missing
    assert 'value="CBP at attainment"' in page
    page = client.post(url(cast.milestone), {**post, "members": "1000"}).content.decode()
    assert "This estimate (not saved)" in page
    assert 'value="CBP at attainment"' in page
    assert not SavedEstimate.objects.exists()
