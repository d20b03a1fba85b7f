"""The cohort board: where every practice of a cycle stands, for coaches (their
practices) and administrators (all)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from cohort import board, charts
from cohort.filters import STATUS_CHOICES
from submissions.models import Cycle

ROWS_PER_PAGE = 50

COLUMNS = [
    ("practice", "Practice"),
    ("vapcat", "VaPCAT (submitted / invited)"),
    ("gap_analysis", "Gap analysis (unmet rules)"),
    ("action_plan", "Action plan (unmet rules)"),
    ("status", "Status"),
    ("due", "Due date"),
    (None, "Days left"),  # sorted with the due date
    ("comments", "Open comments"),
    ("activity", "Last activity"),
    (None, "Coach"),
]


def _require_board_user(user):
    """Coaches and administrators; anyone else gets 404."""
    if not (user.is_active and (user.is_staff or user.is_coach)):
        raise Http404


def _headers(query, key, descending):
    """(label, link that sorts by the column, aria-sort) of each column."""
    headers = []
    for column, label in COLUMNS:
        if column is None:
            headers.append((label, None, None))
            continue
        current = column == key
        params = query.copy()
        params.pop("page", None)
        params["sort"] = f"-{column}" if current and not descending else column
        sort = ("descending" if descending else "ascending") if current else None
        headers.append((label, params.urlencode(), sort))
    return headers


@login_required
def cohort_board(request):
    _require_board_user(request.user)
    cycle = board.board_cycle(request.GET.get("cycle"))
    cycles = list(Cycle.objects.all())
    if cycle is None:
        if request.GET.get("cycle"):
            raise Http404
        return render(request, "cohort/board.html", {"cycle": None, "cycles": cycles})
    board_filter = board.board_filter(request.user, cycle, request.GET)
    key, descending = board.parse_sort(request.GET.get("sort"))
    practices = board.filter_practices(request.user, cycle, request.GET)
    page = Paginator(practices, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    counts = board.status_counts(request.user, cycle)
    query = request.GET.copy()
    query.pop("page", None)
    # The exports take the board's selection: its filters and its cycle.
    selection = query.copy()
    selection.pop("sort", None)
    selection["cycle"] = cycle.pk
    return render(
        request,
        "cohort/board.html",
        {
            "cycle": cycle,
            "cycles": cycles,
            "filter_form": board_filter.form,
            "page": page,
            "rows": board.rows(page.object_list, cycle),
            "headers": _headers(request.GET, key, descending),
            "status_counts": [(value, label, counts[value]) for value, label in STATUS_CHOICES],
            "total": sum(counts.values()),
            "query": query.urlencode(),
            "selection": selection.urlencode(),
            "charts": charts.cohort_charts(cycle, practices),
            "maturities": charts.MATURITIES,
            "priorities": charts.Priority.choices,
            "statuses": charts.STATUSES,
        },
    )
