"""Builders for VaPCAT tests: respondents, their answers, submitted or not."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Answer, Item, Response
from practices.models import Membership
from submissions.lifecycle import milestone_start
from submissions.models import Cycle, MilestoneSubmission
from tests import factories


def items_of(milestone):
    return list(
        Item.objects.filter(domain__instrument=milestone.instrument_id).order_by(
            "domain__order", "order"
        )
    )


def answer(milestone, user, values, submit=True, comments=None):
    """Give ``user`` a response whose answers are ``values`` in item order (None = don't
    know; a dict maps item codes to values and leaves the other items unanswered)."""
    items = items_of(milestone)
    if not isinstance(values, dict):
        values = {item.code: values[i % len(values)] for i, item in enumerate(items)}
    response, _ = Response.objects.get_or_create(milestone=milestone, respondent=user)
    Answer.objects.bulk_create(
        Answer(
            response=response,
            item=item,
            value=values[item.code],
            dont_know=values[item.code] is None,
            comment=(comments or {}).get(item.code, ""),
        )
        for item in items
        if item.code in values
    )
    if submit:
        response.status = Response.Status.SUBMITTED
        response.submitted_at = timezone.now()
        response.save()
    return response


def make_respondents(practice, count, start=1):
    users = []
    for n in range(start, start + count):
        user = factories.make_user(f"respondent{n}@alder.test", full_name=f"Respondent {n}")
        factories.add_member(practice, user, Membership.Role.RESPONDENT)
        users.append(user)
    return users


def form_data(milestone, values=None, comments=None, revision=0, action="save"):
    """A whole-questionnaire POST as a browser sends it: every comment box, the checked
    radio buttons only. ``values`` maps item codes to "0"-"3" or "dk"."""
    data = {"revision": str(revision), "action": action}
    for item in items_of(milestone):
        data[f"{item.code}-comment"] = (comments or {}).get(item.code, "")
        if values and item.code in values:
            data[f"{item.code}-value"] = values[item.code]
    return data


def all_items(milestone, key="1"):
    return {item.code: key for item in items_of(milestone)}


def milestone_with_items(cast, items_per_domain):
    """Practice A's milestone of a new cycle, on a new instrument of 5 x N items."""
    instrument = factories.make_instrument(
        version=f"test-{items_per_domain}x5", items_per_domain=items_per_domain
    )
    cycle = Cycle.objects.create(
        name=f"Cycle {items_per_domain}", opens_on=date(2027, 1, 1), due_on=date(2027, 6, 30)
    )
    # A practice has one VBP milestone: this one takes the place of the cast's.
    MilestoneSubmission.objects.filter(practice=cast.practice).delete()
    milestone = milestone_start(cast.practice, cycle, cast.lead)
    assert milestone.instrument == instrument
    return milestone


def make_read_only(milestone, status=MilestoneSubmission.Status.SUBMITTED):
    MilestoneSubmission.objects.filter(pk=milestone.pk).update(status=status, version=1)
    milestone.refresh_from_db()


def count_queries(client, url):
    """How many queries a GET of ``url`` makes (it must succeed), once the process has
    read the instrument (a first GET)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
