"""Taking a membership away never leaves a practice without a lead (the concurrent case,
two leads removing each other at once, is in tests/test_concurrency_pg.py)."""

import pytest

from practices import services
from practices.models import Membership
from tests import factories


def membership(practice, user):
    return Membership.objects.get(practice=practice, user=user)


def test_the_only_lead_is_not_removed(cast):
    with pytest.raises(services.LastLead, match="at least one lead"):
        services.membership_remove(membership(cast.practice, cast.lead), cast.admin)
    assert membership(cast.practice, cast.lead).role == Membership.Role.LEAD


def test_a_lead_removed_a_moment_ago_removes_nobody(cast):
    second = factories.make_user("second.lead@alder.test")
    factories.add_member(cast.practice, second, Membership.Role.LEAD)
    services.membership_remove(membership(cast.practice, second), cast.lead)
    with pytest.raises(services.NotALead, match="no longer a lead"):
        services.membership_remove(membership(cast.practice, cast.respondent), second)
    assert membership(cast.practice, cast.respondent)


def test_a_lead_removes_a_respondent_and_another_lead(cast):
    second = factories.make_user("second.lead@alder.test")
    factories.add_member(cast.practice, second, Membership.Role.LEAD)
    services.membership_remove(membership(cast.practice, cast.respondent), cast.lead)
    services.membership_remove(membership(cast.practice, second), cast.lead)
    assert list(cast.practice.memberships.values_list("user__email", flat=True)) == [
        cast.lead.email
    ]
