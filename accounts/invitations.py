"""Inviting people by e-mail, and accepting an invitation.

A practice lead invites leads and respondents to their own practice; an administrator
invites anyone, coaches included. Inviting someone who already has an account adds the
role to that account at once (and tells them by e-mail) instead of creating another.
One person holds one role per practice: inviting a practice's coach to be its member,
or a member to coach it, is refused (``RoleConflict``) and nothing is created.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from practices.models import assignment_conflict, membership_conflict
from practices.services import coach_assign, membership_grant


class InvitationError(Exception):
    pass


def role_conflict(email, role, practice):
    """Why the account of ``email`` (if any) may not take ``role`` in ``practice``, or
    None: for forms, before anything is sent or created."""
    if practice is None:
        return None
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        return None
    if role == Invitation.Role.COACH:
        return assignment_conflict(user.pk, practice.pk)
    return membership_conflict(user.pk, practice.pk)


def _grant(user, role, practice):
    if role == Invitation.Role.COACH:
        if practice is not None:
            coach_assign(user, practice)
        if not user.is_coach:
            user.is_coach = True
            user.save(update_fields=["is_coach"])
        return
    membership_grant(user, practice, role)


def _send(template, email, context):
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"emails/{template}.txt", context)
    send_mail(subject, body, None, [email])


@transaction.atomic
def invitation_create(inviter, email, role, practice=None):
    """Invite ``email`` as ``role``; returns (invitation, existing_user_or_None).

    Raises ``RoleConflict`` when that person already holds another role in ``practice``."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    invitation, token = Invitation.new(
        email=email, role=role, practice=practice, invited_by=inviter
    )
    context = {
        "inviter": inviter,
        "practice": practice,
        "role": invitation.get_role_display(),
        "site_url": settings.SITE_URL,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    if existing is not None:
        _grant(existing, role, practice)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = existing
        invitation.save()
        _send("added_to_practice", email, context)
        return invitation, existing
    invitation.save()
    context["accept_url"] = settings.SITE_URL + reverse("accounts:accept", args=[token])
    _send("invitation", email, context)
    return invitation, None


@transaction.atomic
def invitation_accept(invitation, full_name, password):
    """Create the invited person's account and give them the role; single use.

    Raises ``InvitationError`` when the invitation cannot be used (any more), and
    ``RoleConflict`` when its person meanwhile holds another role in the practice."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_used:
        raise InvitationError("This invitation has already been used.")
    if invitation.is_expired:
        raise InvitationError("This invitation has expired.")
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name
        )
    _grant(user, invitation.role, invitation.practice)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user
