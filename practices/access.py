"""Who may see and change what. The only place that decides it.

Every view fetches its object *through* one of these helpers: the query itself is
narrowed to what the user may reach, and anything else is ``Http404`` so that nobody
learns which practices exist. Read and edit access are separate helpers.

Roles:
- administrator (``user.is_staff``): every practice, every action;
- coach (``user.is_coach``): reads the practices they are assigned to, reviews them;
- practice lead (``Membership.Role.LEAD``): reads and edits their practice's milestone;
- respondent (``Membership.Role.RESPONDENT``): answers their own VaPCAT questionnaire.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from practices.models import CoachAssignment, Membership, Practice
from submissions.models import MilestoneSubmission, ReviewComment

ADMIN = "administrator"
COACH = "coach"
LEAD = Membership.Role.LEAD.value
RESPONDENT = Membership.Role.RESPONDENT.value


def _practice_scope(user, roles, field="pk"):
    """A Q that ``field`` (a practice id) is reachable by ``user`` in any of ``roles``;
    None means every practice.

    Written as ``field IN (memberships) OR field IN (coach assignments)``: two small
    subqueries the database plans quickly, on every page that fetches through here.
    """
    lookup = f"{field}__in"
    if not user.is_authenticated or not user.is_active:
        return Q(**{lookup: []})
    if ADMIN in roles and user.is_staff:
        return None
    q = Q(**{lookup: []})
    member_roles = [r for r in roles if r in (LEAD, RESPONDENT)]
    if member_roles:
        members = Membership.objects.filter(user=user, role__in=member_roles)
        q |= Q(**{lookup: members.values("practice_id")})
    if COACH in roles and user.is_coach:
        coached = CoachAssignment.objects.filter(coach=user)
        q |= Q(**{lookup: coached.values("practice_id")})
    return q


def practices_for(user, roles=(ADMIN, COACH, LEAD, RESPONDENT)):
    scope = _practice_scope(user, roles)
    qs = Practice.objects.all()
    return qs if scope is None else qs.filter(scope)


def milestones_for(user, roles=(ADMIN, COACH, LEAD, RESPONDENT)):
    qs = MilestoneSubmission.objects.select_related("practice", "cycle", "instrument")
    scope = _practice_scope(user, roles, field="practice_id")
    return qs if scope is None else qs.filter(scope)


def role_in(user, practice):
    """The strongest role ``user`` holds for ``practice`` (or None)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_staff:
        return ADMIN
    role = _member_role(user, practice.pk)
    if role is not None:
        return role
    return COACH if _coaches(user, practice.pk) else None


def _member_role(user, practice_id):
    """The role of the user's membership of the practice (at most one), or None."""
    membership = Membership.objects.filter(user=user, practice_id=practice_id).order_by()
    return membership.values_list("role", flat=True).first()


def _coaches(user, practice_id):
    return (
        user.is_coach
        and CoachAssignment.objects.filter(coach=user, practice_id=practice_id).exists()
    )


def role_on(user, milestone):
    """``role_in(user, milestone.practice)``, read from the milestone when one of the
    ``get_milestone_for_*`` helpers below fetched it for this user."""
    if (
        user.is_authenticated
        and user.is_active
        and not user.is_staff
        and getattr(milestone, "viewer_pk", None) == user.pk
    ):
        return milestone.viewer_role
    return role_in(user, milestone.practice)


def _milestone(user, roles, pk):
    """The milestone ``pk`` if ``milestones_for(user, roles)`` holds it, else 404.

    Fetched by its key, then judged by the same rule in two small queries (the user's
    membership of its practice; their coach assignment only when that decides): this
    costs half of the scoped query's subqueries, on every milestone page. It carries the
    user's role in the practice (``role_on``) and whether it has review comments
    (``review.comments_for`` reads none when it has none, as most drafts).
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404
    qs = MilestoneSubmission.objects.select_related("practice", "cycle", "instrument").annotate(
        has_comments=Exists(ReviewComment.objects.filter(milestone=OuterRef("pk")))
    )
    milestone = _get(qs, pk)
    if user.is_staff and ADMIN in roles:
        return milestone
    member_role = _member_role(user, milestone.practice_id)
    if member_role is not None and member_role in roles:
        reached, role = True, member_role
    else:
        coached = _coaches(user, milestone.practice_id)
        reached = COACH in roles and coached
        role = member_role or (COACH if coached else None)
    if not reached:
        raise Http404
    if not user.is_staff:
        milestone.viewer_role, milestone.viewer_pk = role, user.pk
    return milestone


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# Practices -----------------------------------------------------------------------


def get_practice_for_member(user, pk):
    """Anyone who belongs to the practice, coaches it, or administers the program."""
    return _get(practices_for(user), pk)


def get_practice_for_lead(user, pk):
    """Leads of the practice and administrators: invitations, practice details."""
    return _get(practices_for(user, (ADMIN, LEAD)), pk)


# Milestones ----------------------------------------------------------------------


def get_milestone_for_member(user, pk):
    """The milestone page: everyone with a role in the practice."""
    return _milestone(user, (ADMIN, COACH, LEAD, RESPONDENT), pk)


def get_milestone_for_reader(user, pk):
    """Read the whole content: leads, assigned coaches, administrators."""
    return _milestone(user, (ADMIN, COACH, LEAD), pk)


def get_milestone_for_editor(user, pk):
    """Change the content: leads and administrators (coaches never edit)."""
    return _milestone(user, (ADMIN, LEAD), pk)


def get_milestone_for_reviewer(user, pk):
    """Review (comment, request changes, accept): assigned coaches and administrators."""
    return _milestone(user, (ADMIN, COACH), pk)


def get_milestone_for_respondent(user, pk):
    """Answer the VaPCAT: leads and respondents of the practice (administrators too)."""
    return _milestone(user, (ADMIN, LEAD, RESPONDENT), pk)


def get_milestone_for_administrator(user, pk):
    return _milestone(user, (ADMIN,), pk)


def can_edit(user, milestone):
    return role_on(user, milestone) in (ADMIN, LEAD)


def can_review(user, milestone):
    return role_on(user, milestone) in (ADMIN, COACH)


def require_administrator(user):
    if not (user.is_authenticated and user.is_administrator):
        raise Http404
