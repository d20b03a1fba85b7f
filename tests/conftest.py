"""The cast every test can use, built once per test:

- ``lead``: lead of practice A (Alder Family Medicine);
- ``respondent``: respondent of practice A;
- ``other_lead``: lead of practice B (Birch Community Health);
- ``coach``: coach assigned to practice A; ``other_coach``: a coach of practice B only;
- ``admin``: a program administrator;
- ``milestone``: practice A's milestone for the May 2026 cycle, in draft.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from practices.models import Membership
from submissions.lifecycle import milestone_start
from tests import factories


@dataclass
class Cast:
    practice: object
    other_practice: object
    lead: object
    respondent: object
    other_lead: object
    coach: object
    other_coach: object
    admin: object
    cycle: object
    other_cycle: object
    instrument: object
    milestone: object
    other_milestone: object

    def by_role(self, role):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture(autouse=True)
def _clear_cache():
    from assessments.selectors import _domains

    cache.clear()
    _domains.cache_clear()


@pytest.fixture
def instrument(db):
    return factories.make_instrument()


@pytest.fixture
def cast(db, instrument):
    practice = factories.make_practice("Alder Family Medicine")
    other = factories.make_practice(
        "Birch Community Health", organisation_type="fqhc", size_band="large", county="Fresno"
    )
    lead = factories.make_user("lead@alder.test", full_name="Lena Lead")
    respondent = factories.make_user("cfo@alder.test", full_name="Rafael Respondent")
    other_lead = factories.make_user("lead@birch.test", full_name="Olga Other")
    coach = factories.make_user("coach@program.test", full_name="Cora Coach", is_coach=True)
    other_coach = factories.make_user("coach2@program.test", full_name="Otto Coach", is_coach=True)
    admin = factories.make_user("admin@program.test", full_name="Ada Admin", is_staff=True)
    factories.add_member(practice, lead, Membership.Role.LEAD)
    factories.add_member(practice, respondent, Membership.Role.RESPONDENT)
    factories.add_member(other, other_lead, Membership.Role.LEAD)
    factories.assign_coach(practice, coach)
    factories.assign_coach(other, other_coach)
    may, november = factories.make_cycles()
    milestone = milestone_start(practice, may, lead)
    other_milestone = milestone_start(other, may, other_lead)
    return Cast(
        practice=practice,
        other_practice=other,
        lead=lead,
        respondent=respondent,
        other_lead=other_lead,
        coach=coach,
        other_coach=other_coach,
        admin=admin,
        cycle=may,
        other_cycle=november,
        instrument=instrument,
        milestone=milestone,
        other_milestone=other_milestone,
    )


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in as ``user`` (None stays anonymous)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login


def pytest_configure(config):
    from django.conf import settings

    # Hashing is not under test here; the fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
