from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from assessments import completeness, selectors
from practices import access


@login_required
def overview(request, pk):
    milestone = access.get_milestone_for_respondent(request.user, pk)
    return render(
        request, "part_outline.html", {"milestone": milestone, "part": completeness.part(milestone)}
    )


@login_required
def respondents(request, pk):
    milestone = access.get_milestone_for_editor(request.user, pk)
    return render(
        request, "part_outline.html", {"milestone": milestone, "part": completeness.part(milestone)}
    )


@login_required
def results(request, pk):
    milestone = access.get_milestone_for_reader(request.user, pk)
    summary = selectors.consensus_summary(milestone)
    return render(
        request,
        "part_outline.html",
        {"milestone": milestone, "part": completeness.part(milestone), "summary": summary},
    )
