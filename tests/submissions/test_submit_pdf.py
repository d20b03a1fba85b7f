"""Submitting freezes the content under the milestone's lock; the PDF is rendered from
the frozen content by a background task queued when the submit commits (the submit never
waits for it), and a rendering failure never undoes a submit."""

import hashlib
import logging

import pytest
from django.db import connection
from django.urls import reverse

from submissions import lifecycle, snapshot
from submissions.models import MilestoneSubmission, Snapshot
from tests import factories

Status = MilestoneSubmission.Status


@pytest.fixture
def full(cast):
    factories.complete_milestone(cast.milestone, cast.respondent)
    return cast.milestone


@pytest.mark.django_db(transaction=True)
def test_pdf_is_rendered_by_a_task_queued_when_the_submit_commits(
    cast, full, monkeypatch, task_queue
):
    seen = {}
    real_render = snapshot.render_pdf

    def render(content, draft=False):
        seen["in_transaction"] = connection.in_atomic_block
        seen["status"] = MilestoneSubmission.objects.get(pk=full.pk).status
        return real_render(content, draft)

    monkeypatch.setattr(snapshot, "render_pdf", render)
    lifecycle.milestone_submit(full, cast.lead)

    # The submit is done and nothing was rendered: the render waits in the queue.
    stored = Snapshot.objects.get(milestone=full, version=1)
    assert seen == {} and stored.pdf is None
    queued = task_queue.waiting("snapshot_render_after_submit")
    assert [result.args for result in queued] == [[stored.pk]]

    task_queue.run()
    assert seen == {"in_transaction": False, "status": Status.SUBMITTED}
    stored.refresh_from_db()
    assert bytes(stored.pdf).startswith(b"%PDF")
    assert stored.pdf_sha256 == hashlib.sha256(bytes(stored.pdf)).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_a_failed_render_leaves_the_submission_and_renders_on_first_download(
    cast, full, monkeypatch, caplog, login, task_queue
):
    real_render = snapshot.render_pdf

    def broken(content, draft=False):
        raise OSError("fonts missing")

    monkeypatch.setattr(snapshot, "render_pdf", broken)
    lifecycle.milestone_submit(full, cast.lead)
    with caplog.at_level(logging.ERROR, logger="submissions.snapshot"):
        task_queue.run()

    full.refresh_from_db()
    assert full.status == Status.SUBMITTED
    stored = Snapshot.objects.get(milestone=full, version=1)
    assert stored.pdf is None
    assert "could not be rendered" in caplog.text

    monkeypatch.setattr(snapshot, "render_pdf", real_render)
    client = login(cast.coach)
    first = client.get(reverse("submissions:pdf", args=[full.pk]))
    second = client.get(reverse("submissions:pdf", args=[full.pk]))
    assert first.status_code == 200
    assert first.content.startswith(b"%PDF")
    assert first.content == second.content
    stored.refresh_from_db()
    assert stored.pdf_sha256 == hashlib.sha256(first.content).hexdigest()
    # The same bytes as a render of the frozen content now.
    assert real_render(stored.content) == first.content


def test_a_stored_pdf_is_never_rendered_again(cast, full, monkeypatch):
    frozen = snapshot.snapshot_of(full, snapshot.milestone_content(full), cast.lead)
    stored = bytes(frozen.pdf)
    monkeypatch.setattr(snapshot, "render_pdf", lambda content, draft=False: b"changed")
    assert snapshot.snapshot_render(Snapshot.objects.get(pk=frozen.pk)) == stored


def test_the_pdf_downloads_before_the_worker_has_rendered_it(cast, full, login, task_queue):
    """A worker that is behind: the coach's download renders the PDF on demand, and the
    task that runs later keeps those bytes."""
    lifecycle.milestone_submit(full, cast.lead)
    response = login(cast.coach).get(reverse("submissions:pdf", args=[full.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    task_queue.run()
    assert bytes(Snapshot.objects.get(milestone=full).pdf) == response.content
