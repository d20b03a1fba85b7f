"""``access.role_in`` is the rule: each helper returns the object with the role it
decides, and reaches exactly what the rule allows."""

import pytest
from django.http import Http404

from submissions import access
from tests import factories


def test_each_helper_returns_the_role_role_in_decides(cast):
    # A lead of one practice who answers for another.
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
        fetched, fetched_role = access.get_milestone_for_member(user, milestone.pk)
        assert fetched == milestone
        assert access.role_in(user, milestone.practice_id) == role
        assert fetched_role == role, (user, role)
        practice, practice_role = access.get_practice_for_member(user, milestone.practice_id)
        assert practice == milestone.practice and practice_role == role


def test_the_role_is_judged_for_the_user_asking(cast):
    _, role = access.get_milestone_for_member(cast.coach, cast.milestone.pk)
    assert role == "coach"
    assert access.role_in(cast.lead, cast.milestone.practice_id) == "lead"
    assert access.role_in(cast.other_lead, cast.milestone.practice_id) is None
    cast.coach.is_active = False
    assert access.role_in(cast.coach, cast.milestone.practice_id) is None
    with pytest.raises(Http404):
        access.get_milestone_for_member(cast.coach, cast.milestone.pk)


def test_a_milestone_is_reached_by_exactly_the_scoped_rule(cast):
    def reaches(helper, user, milestone):
        try:
            helper(user, milestone.pk)
        except Http404:
            return False
        return True

    # A respondent reads no results of their practice ...
    assert not reaches(access.get_milestone_for_reader, cast.respondent, cast.milestone)
    # ... but reads those of another practice they coach, as its coach.
    cast.respondent.is_coach = True
    cast.respondent.save()
    factories.assign_coach(cast.other_practice, cast.respondent)
    assert reaches(access.get_milestone_for_reader, cast.respondent, cast.other_milestone)
    assert not reaches(access.get_milestone_for_reader, cast.respondent, cast.milestone)
    _, role = access.get_milestone_for_reader(cast.respondent, cast.other_milestone.pk)
    assert role == "coach"
    scoped = access.milestones_for(cast.respondent, access.READERS)
    assert list(scoped) == [cast.other_milestone]  # the rule milestones_for writes
    # Coaching is not answering; other practices stay out of reach; inactive is nobody.
    assert not reaches(access.get_milestone_for_editor, cast.coach, cast.milestone)
    assert not reaches(access.get_milestone_for_member, cast.coach, cast.other_milestone)
    cast.lead.is_active = False
    assert not reaches(access.get_milestone_for_member, cast.lead, cast.milestone)
    with pytest.raises(Http404):
        access.get_milestone_for_member(cast.lead, "not a number")
