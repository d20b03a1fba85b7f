"""E-mails on submit, changes requested, accepted and reopened.

Each message is written with the move and sent by a background task once the move has
committed (``accounts.tasks``): a mail server that is down never undoes or fails a move;
the message is tried again and, failing that, listed for administrators.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.tasks import mail_after_commit
from practices.models import Membership


def _leads(milestone):
    return list(
        milestone.practice.memberships.filter(role=Membership.Role.LEAD).values_list(
            "user__email", flat=True
        )
    )


def _coaches(milestone):
    return list(milestone.practice.coach_assignments.values_list("coach__email", flat=True))


def _send(event, milestone, recipients, note=""):
    if not recipients:
        return
    context = {
        "milestone": milestone,
        "note": note,
        "url": settings.SITE_URL + reverse("submissions:milestone", args=[milestone.pk]),
        "review_url": settings.SITE_URL + reverse("submissions:review", args=[milestone.pk]),
    }
    subject = render_to_string(f"emails/{event}_subject.txt", context).strip()
    body = render_to_string(f"emails/{event}.txt", context)
    mail_after_commit(recipients, subject, body)


def notify_submitted(milestone):
    _send("milestone_submitted", milestone, _coaches(milestone))


def notify_changes_requested(milestone, note):
    _send("milestone_changes_requested", milestone, _leads(milestone), note)


def notify_accepted(milestone, note):
    _send("milestone_accepted", milestone, _leads(milestone), note)


def notify_reopened(milestone, reason):
    """The practice's leads edit again and its coaches will review again."""
    _send("milestone_reopened", milestone, _leads(milestone) + _coaches(milestone), reason)
