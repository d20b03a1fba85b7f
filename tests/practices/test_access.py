"""``access.role_on`` reads the role the milestone was fetched with: it must be exactly
what ``access.role_in`` decides, for everyone, or fall back to it."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from submissions import access
from tests import factories


def test_the_role_fetched_with_the_milestone_is_role_in(cast):
    # A lead of one practice who also coaches it and answers for another.
    cast.lead.is_coach = True
    cast.lead.save()
    factories.assign_coach(cast.practice, cast.lead)
    factories.add_member(cast.other_practice, cast.lead, "respondent")
    expected = {
        (cast.lead, cast.milestone): "lead",
        (cast.lead, cast.other_milestone): "respondent",
        (cast.respondent, cast.milestone): "respondent",
        (cast.coach, cast.milestone): "coach",
        (cast.other_coach, cast.other_milestone): "coach",
        (cast.admin, cast.other_milestone): "administrator",
    }
    for (user, milestone), role in expected.items():
        fetched = access.get_milestone_for_member(user, milestone.pk)
        assert access.role_in(user, milestone.practice) == role
        with CaptureQueriesContext(connection) as queries:
            assert access.role_on(user, fetched) == role
        assert len(queries) == 0, (user, role)


def test_a_milestone_fetched_for_someone_else_is_asked_again(cast):
    fetched = access.get_milestone_for_member(cast.coach, cast.milestone.pk)
    assert access.role_on(cast.coach, fetched) == "coach"
    assert access.role_on(cast.lead, fetched) == "lead"
    assert access.role_on(cast.other_lead, fetched) is None
    cast.coach.is_active = False
    assert access.role_on(cast.coach, fetched) is None


def test_a_milestone_is_reached_by_exactly_the_scoped_rule(cast):
    def reaches(helper, user, milestone):
        try:
            helper(user, milestone.pk)
        except Http404:
            return False
        return True

    # A respondent reads no results ...
    assert not reaches(access.get_milestone_for_reader, cast.respondent, cast.milestone)
    # ... unless they also coach the practice: then they read it as its coach.
    cast.respondent.is_coach = True
    cast.respondent.save()
    factories.assign_coach(cast.practice, cast.respondent)
    assert reaches(access.get_milestone_for_reader, cast.respondent, cast.milestone)
    fetched = access.get_milestone_for_reader(cast.respondent, cast.milestone.pk)
    assert access.role_on(cast.respondent, fetched) == "respondent"  # as role_in says
    scoped = access.milestones_for(cast.respondent, (access.ADMIN, access.COACH, access.LEAD))
    assert scoped.filter(pk=cast.milestone.pk).exists()  # the rule milestones_for writes
    # Coaching is not answering; other practices stay out of reach; inactive is nobody.
    assert not reaches(access.get_milestone_for_editor, cast.coach, cast.milestone)
    assert not reaches(access.get_milestone_for_member, cast.coach, cast.other_milestone)
    cast.lead.is_active = False
    assert not reaches(access.get_milestone_for_member, cast.lead, cast.milestone)
    with pytest.raises(Http404):
        access.get_milestone_for_member(cast.lead, "not a number")
