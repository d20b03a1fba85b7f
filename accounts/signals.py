"""Logging out ends the person's sessions everywhere, not only in this browser."""

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_out
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.utils import timezone


@receiver(user_logged_out, dispatch_uid="accounts.end_sessions_everywhere")
def end_sessions_everywhere(sender, request, user, **kwargs):
    """Delete every live session of ``user`` (other browsers, other devices); Django then
    flushes this one. Sessions live in the database (Django's default engine) and end
    after ``SESSION_IDLE_HOURS`` without a request, so only the few active in those hours
    are read."""
    if user is None or user.pk is None:
        return
    live = Session.objects.filter(expire_date__gt=timezone.now()).only(
        "session_key", "session_data"
    )
    theirs = [
        session.session_key
        for session in live.iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    if theirs:
        Session.objects.filter(session_key__in=theirs).delete()
