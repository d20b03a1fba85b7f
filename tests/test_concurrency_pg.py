"""Two people at once, on two real database connections (PostgreSQL, one thread each).

A lead submits while someone saves: the save waits for the submit's lock on the
milestone, then finds it submitted and is refused with the read-only message, storing
nothing; the frozen snapshot is exactly what the milestone says. Two leads removing each
other at the same moment leave the practice one lead.
"""

import json
import threading
import time
from contextlib import contextmanager
from datetime import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import ConsensusScore, Response
from assessments.services import CONSENSUS_SECTION, consensus_set
from practices.models import Membership
from submissions import lifecycle, review
from submissions.concurrency import current_revision
from submissions.exceptions import TransitionError
from submissions.models import MilestoneSubmission, SectionRevision, Snapshot
from submissions.snapshot import milestone_content
from tests import factories
from tests.action_plans.browser import form_data
from tests.assessments import answering

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two real connections with row locks (PostgreSQL): SQLite serialises "
        "every write transaction on one database lock",
    ),
    pytest.mark.django_db(transaction=True),
]

READ_ONLY = "This milestone is submitted, so it is read-only; nothing was saved."
TYPED = "Typed while the milestone was being submitted"
REFUSALS = {
    "A practice needs at least one lead; invite another lead first.",
    "You are no longer a lead of this practice; nothing was changed.",
}
WAIT = 30  # seconds: a limit that only a hang reaches


def in_thread(target, *args):
    """Run ``target`` on a thread of its own (so on a connection of its own, closed at
    its end); returns the thread and a dict that receives its value or its error."""
    outcome = {}

    def body():
        try:
            outcome["value"] = target(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=body)
    thread.start()
    return thread, outcome


def wait_until_a_connection_waits_for_a_lock():
    deadline = time.monotonic() + WAIT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("the second connection never waited for the first one's lock")


@contextmanager
def submit_holding_its_lock(monkeypatch, milestone, lead):
    """The lead submits on another connection and stops inside the submit's transaction,
    milestone row locked, just before the snapshot is frozen, until the block ends."""
    entered, release = threading.Event(), threading.Event()
    freeze = lifecycle.snapshot_freeze

    def freeze_when_released(*args, **kwargs):
        entered.set()
        assert release.wait(WAIT)
        return freeze(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "snapshot_freeze", freeze_when_released)
    # The PDF is not under test; rendering it would only slow the test down.
    monkeypatch.setattr(lifecycle, "snapshot_render_after_submit", lambda pk: None)
    submitter, submitted = in_thread(lifecycle.milestone_submit, milestone, lead)
    assert entered.wait(WAIT), submitted
    try:
        yield
    finally:
        release.set()
        submitter.join(WAIT)
    assert "error" not in submitted, submitted.get("error")


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def first_key(data, suffix):
    return next(key for key in data if key.endswith(suffix))


def comparable(content):
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


def assert_snapshot_is_the_live_content(milestone):
    milestone = MilestoneSubmission.objects.get(pk=milestone.pk)
    assert milestone.status == MilestoneSubmission.Status.SUBMITTED
    snapshot = Snapshot.objects.get(milestone=milestone, version=milestone.version)
    attested = snapshot.content["attestation"]
    live = milestone_content(
        milestone,
        attested_by=snapshot.submitted_by,
        attested_at=datetime.fromisoformat(attested["at"]),
    )
    assert snapshot.content == comparable(live)
    assert TYPED not in json.dumps(snapshot.content)


@pytest.fixture
def complete(cast):
    return factories.complete_milestone(cast.milestone, cast.respondent)


# Each save: (the page's URL, the form's id, the field typed into), as the lead sends it.
PAGES = {
    "gap analysis": (
        lambda m: reverse("gap_analysis:edit", args=[m.pk]),
        "gap-analysis-form",
        "current_state",
    ),
    "process summary": (
        lambda m: reverse("action_plans:process", args=[m.pk]),
        "process-form",
        "overview",
    ),
    "capability plan": (
        lambda m: reverse("action_plans:capability", args=[m.pk, 1]),
        "plan-form",
        "goals",
    ),
    "risks": (lambda m: reverse("action_plans:risks", args=[m.pk]), "risks-form", "description"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_save_racing_a_submit_waits_and_is_refused(cast, complete, monkeypatch, page):
    page_url, form_id, field = PAGES[page]
    milestone = cast.milestone
    client = client_of(cast.lead)
    url = page_url(milestone)
    data = form_data(client.get(url), form_id)
    data[first_key(data, field)] = TYPED
    revisions = list(SectionRevision.objects.values_list("section", "revision"))

    with submit_holding_its_lock(monkeypatch, milestone, cast.lead):
        saver, saved = in_thread(lambda: client.post(url, data, follow=True))
        wait_until_a_connection_waits_for_a_lock()
    saver.join(WAIT)

    assert "error" not in saved, saved.get("error")
    assert READ_ONLY in saved["value"].content.decode()
    assert list(SectionRevision.objects.values_list("section", "revision")) == revisions
    assert TYPED not in json.dumps(comparable(milestone_content(milestone)))
    assert_snapshot_is_the_live_content(milestone)


def test_an_answer_racing_a_submit_waits_and_is_refused(cast, complete, monkeypatch):
    milestone = cast.milestone
    client = client_of(cast.lead)  # leads answer the VaPCAT too; no answer of theirs yet
    first = answering.items_of(milestone)[0]
    data = answering.form_data(milestone, values={first.code: "0"}, comments={first.code: TYPED})
    url = reverse("assessments:overview", args=[milestone.pk])

    with submit_holding_its_lock(monkeypatch, milestone, cast.lead):
        saver, saved = in_thread(lambda: client.post(url, data, follow=True))
        wait_until_a_connection_waits_for_a_lock()
    saver.join(WAIT)

    assert "error" not in saved, saved.get("error")
    assert READ_ONLY in saved["value"].content.decode()
    assert not Response.objects.filter(milestone=milestone, respondent=cast.lead).exists()
    assert_snapshot_is_the_live_content(milestone)


def test_a_consensus_override_racing_a_submit_waits_and_is_refused(cast, complete, monkeypatch):
    milestone = cast.milestone
    item = answering.items_of(milestone)[0]
    revision = current_revision(milestone, CONSENSUS_SECTION)

    def override():
        return consensus_set(milestone, item, 0, TYPED, cast.lead, revision)

    with submit_holding_its_lock(monkeypatch, milestone, cast.lead):
        saver, saved = in_thread(override)
        wait_until_a_connection_waits_for_a_lock()
    saver.join(WAIT)

    assert isinstance(saved.get("error"), TransitionError), saved
    assert str(saved["error"]) == READ_ONLY
    assert not ConsensusScore.objects.filter(milestone=milestone).exists()
    assert_snapshot_is_the_live_content(milestone)


def test_marking_a_comment_addressed_racing_a_resubmit_waits_and_is_refused(
    cast, complete, monkeypatch
):
    milestone = lifecycle.milestone_submit(cast.milestone, cast.lead)
    comment = review.comment_add(milestone, cast.coach, "gap:A", "Say who decides.")
    milestone = lifecycle.milestone_request_changes(milestone, cast.coach)
    client = client_of(cast.lead)
    url = reverse("submissions:comment_address", args=[milestone.pk, comment.pk])

    with submit_holding_its_lock(monkeypatch, milestone, cast.lead):
        marker, marked = in_thread(lambda: client.post(url, follow=True))
        wait_until_a_connection_waits_for_a_lock()
    marker.join(WAIT)

    assert "error" not in marked, marked.get("error")
    assert READ_ONLY in marked["value"].content.decode()
    comment.refresh_from_db()
    assert comment.addressed_at is None and comment.addressed_by is None
    # The coach can still send it back: the comment is open.
    lifecycle.milestone_request_changes(
        MilestoneSubmission.objects.get(pk=milestone.pk), cast.coach
    )


def test_two_leads_removing_each_other_at_once_leave_one_lead(cast, monkeypatch):
    practice = cast.practice
    second = factories.make_user("second.lead@alder.test", full_name="Sam Second")
    factories.add_member(practice, second, Membership.Role.LEAD)
    first_membership = Membership.objects.get(practice=practice, user=cast.lead)
    second_membership = Membership.objects.get(practice=practice, user=second)
    # Each removal, once it has decided to delete, waits (a little) for the other one to
    # decide too: without a lock both decide on two leads and delete.
    both_decided = threading.Barrier(2, timeout=3)
    delete = Membership.delete

    def delete_once_both_decided(self, *args, **kwargs):
        try:
            both_decided.wait()
        except threading.BrokenBarrierError:
            pass
        return delete(self, *args, **kwargs)

    monkeypatch.setattr(Membership, "delete", delete_once_both_decided)

    def remove(user, membership):
        url = reverse("practices:membership_remove", args=[practice.pk, membership.pk])
        response = client_of(user).post(url)
        assert response.status_code == 302
        return [str(message) for message in get_messages(response.wsgi_request)]

    threads = [
        in_thread(remove, cast.lead, second_membership),
        in_thread(remove, second, first_membership),
    ]
    for thread, _ in threads:
        thread.join(WAIT)

    told = [outcome["value"] for _, outcome in threads]
    assert Membership.objects.filter(practice=practice, role=Membership.Role.LEAD).count() == 1
    # The second one finds its remover removed (or the practice down to one lead).
    done = [
        said for said in told if said[0].endswith("no longer has access to Alder Family Medicine.")
    ]
    refused = [said for said in told if said[0] in REFUSALS]
    assert (len(done), len(refused)) == (1, 1), told
