from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from action_plans import completeness
from practices import access


@login_required
def process(request, pk):
    milestone = access.get_milestone_for_reader(request.user, pk)
    return render(
        request, "part_outline.html", {"milestone": milestone, "part": completeness.part(milestone)}
    )


@login_required
def capability(request, pk, position):
    milestone = access.get_milestone_for_reader(request.user, pk)
    if not milestone.capabilities.filter(position=position).exists():
        raise Http404
    return render(
        request, "part_outline.html", {"milestone": milestone, "part": completeness.part(milestone)}
    )


@login_required
def risks(request, pk):
    milestone = access.get_milestone_for_reader(request.user, pk)
    return render(
        request, "part_outline.html", {"milestone": milestone, "part": completeness.part(milestone)}
    )
