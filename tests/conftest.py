"""The cast every test can use, built once per test:

- ``lead``: lead of practice A (Alder Family Medicine);
- ``respondent``: respondent of practice A;
- ``other_lead``: lead of practice B (Birch Community Health);
- ``coach``: coach assigned to practice A; ``other_coach``: a coach of practice B only;
- ``admin``: a program administrator;
- ``milestone``: practice A's milestone for the May 2026 cycle, in draft.
"""

import logging
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends

from practices.models import Membership
from submissions import deadlines
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


@pytest.fixture(autouse=True)
def _on_commit_as_after_a_commit(monkeypatch):
    """A test runs inside a transaction that is rolled back at its end, so what is queued
    "on commit" (e-mail, the PDF after a submit) would never run. Here it runs when the
    outermost transaction of the code under test ends without error, as it would once
    that transaction commits; a rolled-back one drops it, as Django does."""
    real_exit = transaction.Atomic.__exit__

    def exit_then_run_commit_hooks(self, exc_type, exc_value, traceback):
        result = real_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (
            connection.run_on_commit
            and connection.atomic_blocks
            and all(block._from_testcase for block in connection.atomic_blocks)
            and not connection.needs_rollback
        ):
            hooks, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, hook, robust in hooks:
                if robust:
                    try:
                        hook()
                    except Exception:  # noqa: BLE001 - as Django does for a robust hook
                        logging.getLogger("django.db.backends.base").exception(
                            "Error calling %s in on_commit()", hook
                        )
                else:
                    hook()
        return result

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_then_run_commit_hooks)


# The day the cycle rules go by in tests: inside both test cycles (factories.make_cycles),
# so starting and submitting are open; tests of the due date choose their own day.
CYCLE_RULES_TODAY = date(2026, 5, 15)


@pytest.fixture(autouse=True)
def _cycles_are_open(monkeypatch):
    monkeypatch.setattr(deadlines, "today", lambda: CYCLE_RULES_TODAY)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Stored files (supporting documents, bundles) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks (e-mail, the PDF after a submit) run as soon as they are queued;
    tests of the queue itself switch to the dummy backend and run them one by one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class TaskQueue:
    """The dummy task backend's queue, run by hand: what a worker would do, one step at
    a time, with the clock of your choice."""

    def __init__(self):
        self.backend = task_backends["default"]
        self.done = set()

    def waiting(self, name=None):
        return [
            result
            for result in self.backend.results
            if result.id not in self.done and name in (None, result.task.name)
        ]

    def run(self, at=None):
        """Run every task due by ``at`` (now), and the tasks those queue that are due
        too; returns [(task name, args, return value)] in order."""
        at = at or timezone.now()
        ran = []
        while due := [r for r in self.waiting() if not r.task.run_after or r.task.run_after <= at]:
            for result in due:
                self.done.add(result.id)
                ran.append((result.task.name, result.args, result.task.call(*result.args)))
        return ran


@pytest.fixture
def task_queue(settings):
    """Tasks wait in a queue until ``task_queue.run()``."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return TaskQueue()


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
