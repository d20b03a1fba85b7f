"""E-mail is sent by a background task after the action commits: a mail server that is
down never fails an action, the message is tried again after 1, 5 and 25 minutes, and
one that failed every time is listed for administrators, who can send it again."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.contrib.admin import helpers
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.invitations import invitation_create
from accounts.models import Invitation, MailDelivery
from accounts.tasks import MAX_ATTEMPTS, deliver_mail, mail_after_commit
from submissions import lifecycle
from submissions.models import MilestoneSubmission, ReviewComment
from tests.factories import PASSWORD, complete_milestone

Status = MilestoneSubmission.Status
BROKEN = "tests.test_tasks.BrokenBackend"


class BrokenBackend(EmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyBackend(EmailBackend):
    """A mail server that refuses the first message, then takes the others."""

    refused = 0

    def send_messages(self, messages):
        if not FlakyBackend.refused:
            FlakyBackend.refused += 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def complete(cast):
    return complete_milestone(cast.milestone, cast.respondent)


def submit(client, milestone):
    return client.post(
        reverse("submissions:submit", args=[milestone.pk]),
        {"password": PASSWORD, "attest": "on"},
    )


def test_submit_answers_its_redirect_when_the_mail_server_is_down(
    cast, complete, login, settings, caplog
):
    """The tasks run as soon as they are queued: the failed send happens right after the
    commit, inside the request, and still the lead sees the submitted milestone."""
    settings.EMAIL_BACKEND = BROKEN
    client = login(cast.lead)
    with caplog.at_level(logging.ERROR, logger="accounts.tasks"):
        response = submit(client, cast.milestone)

    assert response.status_code == 302
    assert response.url == cast.milestone.get_absolute_url()
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == Status.SUBMITTED
    failed = MailDelivery.objects.get()
    assert (failed.recipient, failed.attempts) == ("coach@program.test", 1)
    # Tasks that run at once cannot wait for a retry: the failure is listed right away.
    assert failed.status == MailDelivery.Status.FAILED
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in failed.last_error
    assert "submitted version 1" in failed.subject
    assert f"E-mail {failed.pk} to coach@program.test failed (attempt 1 of 4)" in caplog.text
    page = client.get(response.url)
    assert "Version 1 was submitted" in page.content.decode()


def test_accept_answers_its_redirect_when_the_mail_server_is_down(
    cast, complete, login, settings, task_queue
):
    lifecycle.milestone_submit(cast.milestone, cast.lead)
    task_queue.run()
    settings.EMAIL_BACKEND = BROKEN
    response = login(cast.coach).post(
        reverse("submissions:accept", args=[cast.milestone.pk]), {"note": "Well done."}
    )
    assert response.status_code == 302
    cast.milestone.refresh_from_db()
    assert cast.milestone.status == Status.ACCEPTED
    # The request only queued the message; the worker's attempt fails and is recorded.
    assert [(r.task.name, r.args) for r in task_queue.waiting("deliver_mail")] == [
        ("deliver_mail", [MailDelivery.objects.get(recipient="lead@alder.test").pk, 1])
    ]
    task_queue.run()
    failed = MailDelivery.objects.get(recipient="lead@alder.test")
    assert failed.attempts == 1 and "accepted" in failed.subject
    assert failed.last_error.startswith("SMTPServerDisconnected")


def test_the_request_only_queues_the_message_with_plain_arguments(
    cast, complete, login, task_queue, mailoutbox
):
    submit(login(cast.lead), cast.milestone)
    assert mailoutbox == []
    queued = {result.task.name: result.args for result in task_queue.waiting()}
    delivery = MailDelivery.objects.get()
    snapshot = cast.milestone.snapshots.get()
    assert queued == {
        "deliver_mail": [delivery.pk, 1],
        "snapshot_render_after_submit": [snapshot.pk],
        # The cohort board's count of the milestone, recounted after the move.
        "refresh_standing": [cast.milestone.pk],
    }
    task_queue.run()
    assert [m.to for m in mailoutbox] == [["coach@program.test"]]
    delivery.refresh_from_db()
    assert delivery.status == MailDelivery.Status.SENT and delivery.sent_at is not None
    # The body (it may hold an invitation's link) is not kept once sent.
    assert delivery.body == ""


def test_a_failed_message_is_tried_again_after_1_5_and_25_minutes_then_listed(
    cast, settings, task_queue, caplog
):
    settings.EMAIL_BACKEND = BROKEN
    with transaction.atomic():
        (delivery,) = mail_after_commit(["lead@alder.test"], "Subject", "Body")
    # The queue runs each attempt when it is due; the clock is the real one meanwhile.
    tried_at = timezone.now()
    assert task_queue.run() == [("deliver_mail", [delivery.pk, 1], "retrying")]
    for attempt, minutes in ((2, 1), (3, 5), (4, 25)):
        delivery.refresh_from_db()
        due = delivery.next_attempt_at
        wait = due - tried_at
        assert timedelta(minutes=minutes) <= wait < timedelta(minutes=minutes, seconds=5)
        assert task_queue.run(at=due - timedelta(seconds=10)) == []  # not before its time
        tried_at = timezone.now()
        (ran,) = task_queue.run(at=due)
        assert ran[1] == [delivery.pk, attempt]

    delivery.refresh_from_db()
    assert ran[2] == "failed" and MAX_ATTEMPTS == 4
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 4, None)
    assert task_queue.waiting() == []
    assert caplog.text.count(f"E-mail {delivery.pk} to lead@alder.test failed") == 4


def test_a_message_refused_once_goes_on_the_second_attempt(cast, settings, task_queue, mailoutbox):
    settings.EMAIL_BACKEND = "tests.test_tasks.FlakyBackend"
    FlakyBackend.refused = 0
    with transaction.atomic():
        (delivery,) = mail_after_commit(["lead@alder.test"], "Subject", "Body")
    task_queue.run()
    assert mailoutbox == []
    delivery.refresh_from_db()
    ran = task_queue.run(at=delivery.next_attempt_at)
    assert ran == [("deliver_mail", [delivery.pk, 2], "sent")]
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["lead@alder.test"], "Subject", "Body")
    ]


def test_an_attempt_queued_twice_sends_once(cast, task_queue, mailoutbox):
    with transaction.atomic():
        (delivery,) = mail_after_commit(["lead@alder.test"], "Subject", "Body")
    deliver_mail.enqueue(delivery.pk, 1)
    results = [value for _, _, value in task_queue.run()]
    assert results == ["sent", "skipped"]
    assert len(mailoutbox) == 1


def test_a_rolled_back_action_sends_nothing(cast, task_queue, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_after_commit(["lead@alder.test"], "Subject", "Body")
        raise RuntimeError("the action failed")
    assert task_queue.waiting() == [] and not MailDelivery.objects.exists()


def test_an_invitation_is_sent_by_the_worker_after_it_commits(cast, task_queue, mailoutbox):
    invitation_create(cast.lead, "new@alder.test", "respondent", cast.practice)
    assert Invitation.objects.filter(email="new@alder.test").exists()
    assert mailoutbox == []
    (queued,) = task_queue.waiting()
    assert queued.task.name == "deliver_mail"
    task_queue.run()
    assert [m.to for m in mailoutbox] == [["new@alder.test"]]
    assert "/account/invitation/" in mailoutbox[0].body


def test_an_invitation_stands_when_the_mail_server_is_down(cast, login, settings):
    settings.EMAIL_BACKEND = BROKEN
    response = login(cast.lead).post(
        reverse("practices:invitations", args=[cast.practice.pk]),
        {"email": "new@alder.test", "role": "respondent"},
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="new@alder.test").exists()
    assert MailDelivery.objects.get().recipient == "new@alder.test"


def test_administrators_see_failed_mail_and_send_it_again(
    cast, login, settings, task_queue, mailoutbox
):
    settings.EMAIL_BACKEND = BROKEN
    with transaction.atomic():
        (failed,) = mail_after_commit(["lead@alder.test"], "Changes requested", "Body")
        (sent,) = mail_after_commit(["coach@program.test"], "Submitted", "Body")
    MailDelivery.objects.filter(pk=failed.pk).update(
        status=MailDelivery.Status.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPError: down"
    )
    MailDelivery.objects.filter(pk=sent.pk).update(status=MailDelivery.Status.SENT, body="")
    task_queue.done.update(result.id for result in task_queue.waiting())
    client = login(cast.admin)
    changelist = reverse("admin:accounts_maildelivery_changelist")

    page = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "Changes requested" in page and "Submitted" not in page
    assert "Send again now" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        changelist,
        {"action": "send_again", helpers.ACTION_CHECKBOX_NAME: [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 e-mail queued to be sent again." in response.content.decode()
    assert task_queue.run() == [("deliver_mail", [failed.pk, 1], "sent")]
    failed.refresh_from_db()
    assert failed.status == MailDelivery.Status.SENT
    assert [m.subject for m in mailoutbox] == ["Changes requested"]


def test_the_delivery_list_is_read_only_and_for_administrators(cast, login):
    with transaction.atomic():
        (delivery,) = mail_after_commit(["lead@alder.test"], "Subject", "Body")
    change = reverse("admin:accounts_maildelivery_change", args=[delivery.pk])
    assert login(cast.lead).get(change).status_code == 302  # to the admin's log-in
    page = login(cast.admin).get(change).content.decode()
    assert "Subject" in page and 'name="subject"' not in page
    assert login(cast.admin).get(reverse("admin:accounts_maildelivery_add")).status_code == 403


def test_changes_requested_reaches_the_leads_through_the_queue(
    cast, complete, login, task_queue, mailoutbox
):
    lifecycle.milestone_submit(cast.milestone, cast.lead)
    ReviewComment.objects.create(
        milestone=cast.milestone, section="general", body="More.", version=1, author=cast.coach
    )
    task_queue.run()
    mailoutbox.clear()
    response = login(cast.coach).post(
        reverse("submissions:request_changes", args=[cast.milestone.pk]), {"note": "See notes."}
    )
    assert response.status_code == 302 and mailoutbox == []
    task_queue.run()
    assert [m.to for m in mailoutbox] == [["lead@alder.test"]]
    assert "See notes." in mailoutbox[0].body
