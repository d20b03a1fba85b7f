"""The cohort board's rows: the practices a user may see in one cycle, each with its
milestone's stored standing, filtered and ordered as the board asks.

``filter_practices`` is the selector the board and the data exports share; the page's
other reads (counts per status, coaches, deadlines) are here too, each one query.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    DateField,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cohort.filters import NOT_STARTED, BoardFilter
from practices.models import CoachAssignment
from submissions import access
from submissions.deadlines import deadlines
from submissions.models import Cycle, Extension, MilestoneSubmission

# ?sort=<key> (or -<key>, descending): the columns the board sorts by. Practices
# without a milestone sort as "not started", before drafts.
SORTS = {
    "practice": ("name",),
    "vapcat": ("respondents_submitted", "name"),
    "gap_analysis": ("gap_analysis_unmet", "name"),
    "action_plan": ("action_plan_unmet", "name"),
    "status": ("status", "name"),
    "due": ("due_on", "name"),
    "comments": ("open_comments", "name"),
    "activity": ("last_activity_at", "name"),
}
DEFAULT_SORT = "due"


def board_cycle(pk=None):
    """The cycle ``?cycle=<pk>`` names, else the first whose due date is not past (the
    last one once all are); None when there is no cycle at all or the pk is unknown."""
    cycles = Cycle.objects.order_by("due_on", "pk")
    if pk not in (None, ""):
        try:
            return cycles.filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            return None
    return cycles.filter(due_on__gte=timezone.localdate()).first() or cycles.last()


def parse_sort(value):
    """(key, descending) of ``?sort=``; an unknown key is the default."""
    value = value or ""
    key = value.removeprefix("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, value.startswith("-")


def _in_cycle(user, cycle):
    """The practices in ``user``'s scope, each annotated with its milestone in ``cycle``
    and that milestone's standing (NULL where it has none)."""
    if user.is_authenticated and user.is_active and user.is_staff:
        practices = access.practices_for(user, (access.ADMIN,))
    elif user.is_authenticated and user.is_coach:
        practices = access.practices_for(user, (access.COACH,))
    else:
        practices = access.practices_for(user, ()).none()
    latest_extension = (
        Extension.objects.filter(practice=OuterRef("pk"), cycle=cycle)
        .order_by("-granted_at", "-pk")
        .values("due_on")[:1]
    )
    open_comments = (
        MilestoneSubmission.objects.filter(pk=OuterRef("milestone_id"))
        .annotate(n=Count("comments", filter=Q(comments__addressed_at__isnull=True)))
        .values("n")[:1]
    )
    return (
        practices.annotate(m=FilteredRelation("milestones", condition=Q(milestones__cycle=cycle)))
        .annotate(
            milestone_id=F("m__pk"),
            status=F("m__status"),
            version=F("m__version"),
            updated_at=F("m__updated_at"),
            vapcat_unmet=F("m__standing__vapcat_unmet"),
            gap_analysis_unmet=F("m__standing__gap_analysis_unmet"),
            action_plan_unmet=F("m__standing__action_plan_unmet"),
            unmet=F("m__standing__unmet"),
            respondents_submitted=F("m__standing__respondents_submitted"),
            respondents_invited=F("m__standing__respondents_invited"),
            last_activity_at=F("m__standing__last_activity_at"),
            counted_at=F("m__standing__counted_at"),
            due_on=Coalesce(
                Subquery(latest_extension, output_field=DateField()),
                Value(cycle.due_on, output_field=DateField()),
            ),
        )
        .annotate(open_comments=Coalesce(Subquery(open_comments), 0))
        .select_related("cohort")
    )


def filter_practices(user, cycle, params, sort=None):
    """The practices of ``user``'s scope (coach: those they coach; administrator: all;
    anyone else: none) in ``cycle``, filtered by the board's parameters ``params`` (a
    QueryDict: cohort, status, coach, organisation_type, behind) and ordered as the board
    orders (``params["sort"]`` unless ``sort`` is given). Invalid filter values filter
    nothing, as the board shows them with their message."""
    board_filter = BoardFilter(params, queryset=_in_cycle(user, cycle))
    key, descending = parse_sort(sort if sort is not None else params.get("sort"))
    return _ordered(board_filter.qs, key, descending)


def board_filter(user, cycle, params):
    """The bound filter set (its form for the page) over ``user``'s practices."""
    return BoardFilter(params or None, queryset=_in_cycle(user, cycle))


def _ordered(queryset, key, descending):
    first, *rest = SORTS[key]
    expression = F(first).desc(nulls_last=True) if descending else F(first).asc(nulls_first=True)
    return queryset.order_by(expression, *rest, "pk")


def status_counts(user, cycle):
    """{status or "none" (not started): practices} over ``user``'s practices in ``cycle``."""
    counts = defaultdict(int)
    grouped = _in_cycle(user, cycle).order_by().values("status").annotate(n=Count("pk"))
    for group in grouped:
        counts[group["status"] or NOT_STARTED] += group["n"]
    return counts


@dataclass
class Row:
    practice: object
    coaches: list
    deadline: object
    days_left: int

    @property
    def counted(self):
        return self.practice.counted_at is not None

    @property
    def stale(self):
        """Changed since its standing was counted (the recount is still queued)."""
        practice = self.practice
        if practice.milestone_id is None:
            return False
        return practice.counted_at is None or practice.updated_at > practice.counted_at


def rows(practices, cycle, today=None):
    """The board's rows for one page of ``filter_practices``: two queries in all."""
    today = today or timezone.localdate()
    shown = list(practices)
    ids = [practice.pk for practice in shown]
    coaches = defaultdict(list)
    assignments = CoachAssignment.objects.filter(practice__in=ids).order_by("coach__full_name")
    for practice_id, full_name, email in assignments.values_list(
        "practice_id", "coach__full_name", "coach__email"
    ):
        coaches[practice_id].append(full_name or email)
    due = deadlines(cycle, ids)
    result = []
    for practice in shown:
        deadline = due.for_practice(practice.pk)
        result.append(Row(practice, coaches[practice.pk], deadline, deadline.days_left(today)))
    return result
