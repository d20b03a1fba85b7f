"""Giving people a role in a practice: a membership (lead, respondent) or a coach
assignment. One person holds one role per practice; a second one is refused."""

from django.core.exceptions import ValidationError
from django.db import transaction

from practices.models import (
    CoachAssignment,
    Membership,
    assignment_conflict,
    membership_conflict,
)


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
