"""Who may see and change what: the only place that decides it.

``role_in(user, practice_id)`` is the rule: the one role a user holds in a practice
(administrator, coach, lead, respondent) or None. One person holds one role per
practice (``practices.models`` refuses a second), so the answer is never ambiguous.

Every view fetches its object through one helper per need (read, edit, review, answer)
and gets ``(object, role)`` back, in the style of healthchecks' ``_get_check_for_user``:
the object is fetched by its key, judged by ``role_in``, and anything the user may not
reach is ``Http404``, so that nobody learns which practices exist. Nothing is stored on
the object. The list scopes (``practices_for``, ``milestones_for``) are the same rule
written as a query; ``tests/test_access_matrix.py`` checks they agree.
"""

from django.db.models import Q
from django.http import Http404

from practices.models import CoachAssignment, Membership, Practice
from submissions.models import MilestoneSubmission

ADMIN = "administrator"
COACH = "coach"
LEAD = Membership.Role.LEAD.value
RESPONDENT = Membership.Role.RESPONDENT.value

EVERYONE = (ADMIN, COACH, LEAD, RESPONDENT)
READERS = (ADMIN, COACH, LEAD)  # the whole content
EDITORS = (ADMIN, LEAD)  # change the content (coaches never edit)
REVIEWERS = (ADMIN, COACH)  # comment, request changes, accept
ANSWERERS = (ADMIN, LEAD, RESPONDENT)  # a VaPCAT questionnaire of one's own


def role_in(user, practice_id):
    """The role ``user`` holds in the practice ``practice_id``, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_staff:
        return ADMIN
    member = Membership.objects.filter(user=user, practice_id=practice_id).order_by()
    role = member.values_list("role", flat=True).first()
    if role is not None:
        return role
    coached = CoachAssignment.objects.filter(coach=user, practice_id=practice_id)
    if user.is_coach and coached.exists():
        return COACH
    return None


def may_edit(role):
    return role in EDITORS


def may_review(role):
    return role in REVIEWERS


def _scope(user, roles, field):
    """``role_in(user, <field>) in roles`` as a query condition (None: every practice)."""
    none = Q(**{f"{field}__in": []})
    if not user.is_authenticated or not user.is_active:
        return none
    if user.is_staff:
        return None if ADMIN in roles else none
    q = none
    member_roles = [role for role in roles if role in (LEAD, RESPONDENT)]
    if member_roles:
        members = Membership.objects.filter(user=user, role__in=member_roles)
        q |= Q(**{f"{field}__in": members.values("practice_id")})
    if COACH in roles and user.is_coach:
        coached = CoachAssignment.objects.filter(coach=user)
        q |= Q(**{f"{field}__in": coached.values("practice_id")})
    return q


def practices_for(user, roles=EVERYONE):
    """The practices in which ``user`` holds one of ``roles``."""
    scope = _scope(user, roles, "pk")
    return Practice.objects.all() if scope is None else Practice.objects.filter(scope)


def milestones_for(user, roles=EVERYONE):
    """The milestones of the practices in which ``user`` holds one of ``roles``."""
    qs = MilestoneSubmission.objects.select_related("practice", "cycle", "instrument")
    scope = _scope(user, roles, "practice_id")
    return qs if scope is None else qs.filter(scope)


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _judged(obj, user, practice_id, roles):
    role = role_in(user, practice_id)
    if role not in roles:
        raise Http404
    return obj, role


# Practices -----------------------------------------------------------------------


def get_practice(user, pk, roles=EVERYONE):
    """``(practice, role)`` when ``user`` holds one of ``roles`` in it, else 404."""
    if not user.is_authenticated:
        raise Http404
    practice = _get(Practice.objects.all(), pk)
    return _judged(practice, user, practice.pk, roles)


def get_practice_for_member(user, pk):
    """Anyone who belongs to the practice, coaches it, or administers the program."""
    return get_practice(user, pk, EVERYONE)


def get_practice_for_lead(user, pk):
    """Leads of the practice and administrators: invitations, practice details."""
    return get_practice(user, pk, EDITORS)


# Milestones ----------------------------------------------------------------------


def get_milestone(user, pk, roles):
    """``(milestone, role)`` when ``user`` holds one of ``roles`` in its practice, else 404."""
    if not user.is_authenticated:
        raise Http404
    qs = MilestoneSubmission.objects.select_related("practice", "cycle", "instrument")
    milestone = _get(qs, pk)
    return _judged(milestone, user, milestone.practice_id, roles)


def get_milestone_for_member(user, pk):
    """The milestone page: everyone with a role in the practice."""
    return get_milestone(user, pk, EVERYONE)


def get_milestone_for_reader(user, pk):
    """Read the whole content: leads, assigned coaches, administrators."""
    return get_milestone(user, pk, READERS)


def get_milestone_for_editor(user, pk):
    """Change the content: leads and administrators."""
    return get_milestone(user, pk, EDITORS)


def get_milestone_for_reviewer(user, pk):
    """Review (comment, request changes, accept): assigned coaches and administrators."""
    return get_milestone(user, pk, REVIEWERS)


def get_milestone_for_respondent(user, pk):
    """Answer the VaPCAT: leads and respondents of the practice, administrators too."""
    return get_milestone(user, pk, ANSWERERS)


def get_milestone_for_administrator(user, pk):
    return get_milestone(user, pk, (ADMIN,))


def get_milestone_for_form(request, pk):
    """A part's form page: readers may look at it, only editors may post to it."""
    if request.method == "POST":
        return get_milestone_for_editor(request.user, pk)
    return get_milestone_for_reader(request.user, pk)


def require_administrator(user):
    if not (user.is_authenticated and user.is_administrator):
        raise Http404
