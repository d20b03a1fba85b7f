"""Inviting people by e-mail, and accepting an invitation.

A practice lead invites leads and respondents to their own practice; an administrator
invites anyone, coaches included. A role is granted only when the invitee accepts: a new
address chooses its password on the invitation's page, and an address that already has an
account accepts by logging in as that account; the link alone never logs anyone in. The
one exception: an administrator's coach invitation of an existing account assigns the
coach at once (administrators assign coaches directly).

Refused before anything is sent, with a message for the e-mail field: a second role in the
practice (``RoleConflict``); a lead or respondent invitation for a coach or administrator
(without telling whether the address has an account), for someone who already holds the
role, or for an address with an invitation still pending there (``InvitationRefused``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.tasks import mail_after_commit
from practices.models import Membership, assignment_conflict, membership_conflict
from practices.services import RoleConflict, coach_assign, membership_grant

# The same words whatever the reason, so that they tell nothing about the address.
MEMBERSHIP_REFUSED = "This address cannot be invited as a lead or respondent of this practice."


class InvitationError(Exception):
    """The invitation cannot be used (any more); ``str()`` says why."""


class AccountExists(InvitationError):
    """The address has an account: it accepts by logging in, not by choosing a password."""


class InvitationRefused(ValidationError):
    """Nothing was sent; ``str()`` says why, beside the e-mail field."""

    def __init__(self, message):
        super().__init__(message, code="invitation_refused")

    def __str__(self):
        return self.messages[0]


def _account(email):
    return User.objects.filter(email__iexact=email.strip()).first()


def _pending_refusal(email):
    return InvitationRefused(
        f"An invitation to {email} is already pending for this practice: resend or cancel "
        "it in the list of pending invitations."
    )


def _membership_refusal(user, practice):
    """Why ``user`` may not become a lead or respondent of ``practice``, or None. Its own
    coaches are named (the practice's people page lists them); other program staff get
    the same words as any refused address."""
    problem = membership_conflict(user.pk, practice.pk)
    if problem:
        return RoleConflict(problem)
    if user.is_staff or user.is_coach:
        return InvitationRefused(MEMBERSHIP_REFUSED)
    return None


def invitation_check(email, role, practice):
    """Raise ``RoleConflict`` or ``InvitationRefused`` when ``email`` may not be invited
    as ``role`` of ``practice``: for forms, and again when the invitation is made."""
    if practice is None:
        return
    email = email.strip().lower()
    user = _account(email)
    if user is not None and role == Invitation.Role.COACH:
        problem = assignment_conflict(user.pk, practice.pk)
        if problem:
            raise RoleConflict(problem)
    elif user is not None:
        refusal = _membership_refusal(user, practice)
        if refusal is not None:
            raise refusal
        membership = Membership.objects.filter(user=user, practice=practice).first()
        if membership is not None and membership.role in (role, Membership.Role.LEAD):
            raise InvitationRefused(
                f"{email} is already a {membership.get_role_display().lower()} of {practice.name}."
            )
    if practice.invitations.pending().filter(email=email).exists():
        raise _pending_refusal(email)


def _grant(user, role, practice):
    if role == Invitation.Role.COACH:
        if practice is not None:
            coach_assign(user, practice)
        if not user.is_coach:
            user.is_coach = True
            user.save(update_fields=["is_coach"])
        return
    membership_grant(user, practice, role)


def _accept(invitation, user):
    _grant(user, invitation.role, invitation.practice)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


def _context(inviter, invitation):
    return {
        "inviter": inviter,
        "practice": invitation.practice,
        "role": invitation.get_role_display(),
        "site_url": settings.SITE_URL,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }


def _send_link(invitation, token, inviter):
    context = _context(inviter, invitation)
    context["accept_url"] = settings.SITE_URL + reverse("accounts:accept", args=[token])
    context["has_account"] = _account(invitation.email) is not None
    _send("invitation", invitation.email, context)


def _send(template, email, context):
    """Sent by a task once the invitation has committed (``accounts.tasks``)."""
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"emails/{template}.txt", context)
    mail_after_commit([email], subject, body)


@transaction.atomic
def invitation_create(inviter, email, role, practice=None):
    """Invite ``email`` as ``role`` (of ``practice``) and e-mail the link; returns
    ``(invitation, assigned)``, where ``assigned`` is the account an administrator's coach
    invitation assigned at once, and None for every invitation that waits to be accepted.

    Raises ``RoleConflict`` or ``InvitationRefused`` (``invitation_check``)."""
    email = email.strip().lower()
    invitation_check(email, role, practice)
    existing = _account(email)
    if role == Invitation.Role.COACH and existing is not None:
        invitation, _ = Invitation.new(
            email=email, role=role, practice=practice, invited_by=inviter
        )
        _grant(existing, role, practice)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = existing
        invitation.save()
        _send("added_to_practice", email, _context(inviter, invitation))
        return invitation, existing
    # An expired invitation to the same address is renewed: one open invitation each.
    invitation = None
    if practice is not None:
        invitation = practice.invitations.open().filter(email=email).first()
    if invitation is None:
        invitation, token = Invitation.new(
            email=email, role=role, practice=practice, invited_by=inviter
        )
    else:
        token = invitation.renew()
        invitation.role, invitation.invited_by = role, inviter
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # the same invitation, sent a moment ago by someone else
        raise _pending_refusal(email) from None
    _send_link(invitation, token, inviter)
    return invitation, None


def _lock_usable(invitation):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_used:
        raise InvitationError("This invitation has already been used.")
    if invitation.is_cancelled:
        raise InvitationError("This invitation was cancelled.")
    if invitation.is_expired:
        raise InvitationError("This invitation has expired.")
    return invitation


@transaction.atomic
def invitation_accept(invitation, full_name, password):
    """Create the account of an invited address that has none, and give it the role;
    single use. Returns the new user.

    Raises ``AccountExists`` when the address has an account (it accepts with
    ``invitation_accept_as`` once logged in), ``InvitationError`` when the invitation
    cannot be used (any more)."""
    invitation = _lock_usable(invitation)
    if _account(invitation.email) is not None:
        raise AccountExists(
            "An account with this address exists already: log in with it to accept."
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=invitation.email, password=password, full_name=full_name
            )
    except IntegrityError:  # created a moment ago through another invitation
        raise AccountExists(
            "An account with this address exists already: log in with it to accept."
        ) from None
    _accept(invitation, user)
    return user


@transaction.atomic
def invitation_accept_as(invitation, user):
    """``user``, logged in, accepts an invitation made to their own address.

    Raises ``InvitationError`` when the invitation is for another address or cannot be
    used (any more), ``RoleConflict`` or ``InvitationRefused`` when ``user`` may not take
    the role; nothing is granted then."""
    invitation = _lock_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationError("This invitation is for another e-mail address.")
    if invitation.role != Invitation.Role.COACH:
        refusal = _membership_refusal(user, invitation.practice)
        if refusal is not None:
            raise refusal
    _accept(invitation, user)
    return invitation


@transaction.atomic
def invitation_resend(invitation, by):
    """Send ``invitation`` again with a new link and a new validity; the old link stops
    working. Raises ``InvitationError`` once it is accepted or cancelled."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_used or invitation.is_cancelled:
        raise InvitationError(
            f"The invitation to {invitation.email} was {invitation.status} already; "
            "nothing was sent."
        )
    token = invitation.renew()
    invitation.save(update_fields=["token_hash", "expires_at", "created_at"])
    _send_link(invitation, token, by)
    return invitation


@transaction.atomic
def invitation_cancel(invitation):
    """Withdraw ``invitation``: its link stops working. Raises ``InvitationError`` once
    it is accepted (remove the membership instead)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_used:
        raise InvitationError(
            f"The invitation to {invitation.email} was accepted already; remove the person "
            "from the members instead."
        )
    if not invitation.is_cancelled:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
    return invitation
