"""A milestone's stored standing is counted again after each save that changes it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from assessments.models import Response
from cohort.models import Standing
from submissions.completeness import unmet_rules
from submissions.lifecycle import milestone_submit
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_submitted_response_refreshes_the_standing(cast):
    with transaction.atomic():
        factories.answer_all(cast.milestone, cast.respondent)
    standing = Standing.objects.get(milestone=cast.milestone)
    assert standing.respondents_submitted == 1
    assert standing.vapcat_unmet == 0
    assert standing.unmet == len(unmet_rules(cast.milestone))


def test_a_submit_refreshes_the_standing(cast):
    factories.complete_milestone(cast.milestone, cast.respondent)
    milestone_submit(cast.milestone, cast.lead)
    standing = Standing.objects.get(milestone=cast.milestone)
    assert standing.unmet == 0
    assert standing.last_activity_at is not None


def test_nothing_is_counted_when_the_save_is_rolled_back(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        Response.objects.create(milestone=cast.milestone, respondent=cast.respondent)
        raise RuntimeError
    assert not Standing.objects.filter(milestone=cast.milestone).exists()


def test_the_command_counts_every_milestone(cast):
    out = StringIO()
    call_command("refresh_standings", stdout=out)
    assert "Counted 2 milestones." in out.getvalue()
    assert Standing.objects.count() == 2
    unmet = Standing.objects.get(milestone=cast.milestone).unmet
    assert unmet == len(unmet_rules(cast.milestone)) > 0
