from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gap_analysis import completeness
from practices import access


@login_required
def edit(request, pk):
    milestone = access.get_milestone_for_reader(request.user, pk)
    return render(
        request, "part_outline.html", {"milestone": milestone, "part": completeness.part(milestone)}
    )


@login_required
def capabilities(request, pk):
    milestone = access.get_milestone_for_reader(request.user, pk)
    return render(
        request, "part_outline.html", {"milestone": milestone, "part": completeness.part(milestone)}
    )
