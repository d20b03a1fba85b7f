"""E-mail that never breaks an action: written with the action, sent after it commits.

``mail_after_commit`` records one ``MailDelivery`` per recipient inside the caller's
transaction (so a rolled-back action sends nothing) and, once the transaction commits,
queues ``deliver_mail`` for each. The task sends the message; when sending fails it
records the error, logs it and queues itself again after a growing pause (1, 5 and 25
minutes). After the last attempt the delivery is marked failed and is listed for
administrators, who can send it again from the admin.
"""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.models import MailDelivery

logger = logging.getLogger(__name__)

# The pause before each further attempt; one more attempt than pauses in all.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def mail_after_commit(recipients, subject, body):
    """Send ``subject`` and ``body`` to each of ``recipients`` once the current
    transaction commits; returns the deliveries."""
    deliveries = MailDelivery.objects.bulk_create(
        MailDelivery(recipient=email, subject=subject, body=body)
        for email in sorted(set(recipients))
    )
    if deliveries:
        pks = [delivery.pk for delivery in deliveries]
        # robust: a queue that cannot be reached is logged, never undoes the answer.
        transaction.on_commit(lambda: _enqueue_first(pks), robust=True)
    return deliveries


def _enqueue_first(pks):
    for pk in pks:
        deliver_mail.enqueue(pk, 1)


def deliveries_enqueue(pks):
    """Queue the next attempt of each delivery in ``pks``."""
    attempts = dict(MailDelivery.objects.filter(pk__in=pks).values_list("pk", "attempts"))
    for pk in pks:
        if pk in attempts:
            deliver_mail.enqueue(pk, attempts[pk] + 1)


def deliveries_retry(queryset):
    """Send the deliveries of ``queryset`` that are not sent yet again now, with a fresh
    round of attempts; returns how many were queued."""
    pks = list(queryset.exclude(status=MailDelivery.Status.SENT).values_list("pk", flat=True))
    MailDelivery.objects.filter(pk__in=pks).update(
        status=MailDelivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: deliveries_enqueue(pks), robust=True)
    return len(pks)


@task()
def deliver_mail(delivery_id, attempt):
    """Attempt number ``attempt`` at sending delivery ``delivery_id``.

    The attempt claims the delivery with a conditional update, so an attempt queued twice
    (a retry and an administrator's "send again") sends the message once."""
    claimed = MailDelivery.objects.filter(
        pk=delivery_id, status=MailDelivery.Status.PENDING, attempts=attempt - 1
    ).update(attempts=attempt)
    if not claimed:
        return "skipped"
    delivery = MailDelivery.objects.get(pk=delivery_id)
    try:
        send_mail(delivery.subject, delivery.body, None, [delivery.recipient])
    except Exception as error:  # noqa: BLE001 - any failure to send is retried
        return _failed(delivery, attempt, error)
    MailDelivery.objects.filter(pk=delivery_id).update(
        status=MailDelivery.Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
        body="",
    )
    return "sent"


def _failed(delivery, attempt, error):
    logger.exception(
        "E-mail %s to %s failed (attempt %s of %s)",
        delivery.pk,
        delivery.recipient,
        attempt,
        MAX_ATTEMPTS,
    )
    last_error = f"{type(error).__name__}: {error}"
    # A backend that runs tasks at once (no worker) cannot wait: the first failure stands.
    if attempt >= MAX_ATTEMPTS or not deliver_mail.get_backend().supports_defer:
        MailDelivery.objects.filter(pk=delivery.pk).update(
            status=MailDelivery.Status.FAILED, next_attempt_at=None, last_error=last_error
        )
        return "failed"
    run_after = timezone.now() + RETRY_DELAYS[attempt - 1]
    MailDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=run_after, last_error=last_error
    )
    deliver_mail.using(run_after=run_after).enqueue(delivery.pk, attempt + 1)
    return "retrying"
