"""E-mails on submit, changes requested and accepted (sent after the transaction commits)."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

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
    messages = [(subject, body, None, [email]) for email in sorted(set(recipients))]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


def notify_submitted(milestone):
    _send("milestone_submitted", milestone, _coaches(milestone))


def notify_changes_requested(milestone, note):
    _send("milestone_changes_requested", milestone, _leads(milestone), note)


def notify_accepted(milestone, note):
    _send("milestone_accepted", milestone, _leads(milestone), note)
