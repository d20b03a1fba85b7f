"""Giving people a role in a practice: a membership (lead, respondent) or a coach
assignment. One person holds one role per practice; a second one is refused. Taking a
membership away never leaves a practice without a lead."""

from django.core.exceptions import ValidationError
from django.db import transaction

from practices.models import (
    CoachAssignment,
    Membership,
    assignment_conflict,
    membership_conflict,
)


class MembershipError(Exception):
    """A membership change that cannot be made; ``str()`` is the user-facing reason."""


class LastLead(MembershipError):
    """Removing the membership would leave the practice without a lead."""


class NotALead(MembershipError):
    """The person removing someone lost their own lead role a moment ago."""


class RoleConflict(ValidationError):
    """The person already holds another role in the practice; ``str()`` says which."""

    def __init__(self, message):
        super().__init__(message, code="one_role_per_practice")

    def __str__(self):
        return self.messages[0]


@transaction.atomic
def membership_grant(user, practice, role):
    """Make ``user`` a ``role`` (lead, respondent) of ``practice``; returns the membership.

    A respondent made a lead becomes a lead; a lead is never demoted. Refused with
    ``RoleConflict`` when ``user`` coaches the practice."""
    problem = membership_conflict(user.pk, practice.pk)
    if problem:
        raise RoleConflict(problem)
    membership, created = Membership.objects.get_or_create(
        user=user, practice=practice, defaults={"role": role}
    )
    if not created and role == Membership.Role.LEAD and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def coach_assign(coach, practice):
    """Assign ``coach`` to ``practice`` (once); refused with ``RoleConflict`` when they
    are a lead or respondent of it."""
    problem = assignment_conflict(coach.pk, practice.pk)
    if problem:
        raise RoleConflict(problem)
    assignment, _ = CoachAssignment.objects.get_or_create(coach=coach, practice=practice)
    return assignment


@transaction.atomic
def membership_remove(membership, by):
    """``by`` takes ``membership`` away; refused with ``LastLead`` for the practice's only
    lead, and with ``NotALead`` when ``by`` (not an administrator) is no longer its lead.

    The practice's lead memberships are locked and counted inside the transaction, so
    two leads removing each other at the same moment leave one of them a lead: the
    second removal waits for the first and then counts what is left."""
    leads = dict(
        Membership.objects.select_for_update()
        .filter(practice_id=membership.practice_id, role=Membership.Role.LEAD)
        .order_by("pk")
        .values_list("pk", "user_id")
    )
    if not by.is_administrator and by.pk not in leads.values():
        raise NotALead("You are no longer a lead of this practice; nothing was changed.")
    if membership.role == Membership.Role.LEAD and list(leads) == [membership.pk]:
        raise LastLead("A practice needs at least one lead; invite another lead first.")
    membership.delete()
