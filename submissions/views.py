from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.models import Response
from practices import access
from submissions import lifecycle
from submissions.completeness import parts
from submissions.forms import SubmitForm, TransitionForm


def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def milestone(request, pk):
    milestone = access.get_milestone_for_member(request.user, pk)
    role = access.role_in(request.user, milestone.practice)
    context = {
        "milestone": milestone,
        "role": role,
        "my_response": Response.objects.filter(
            milestone=milestone, respondent=request.user
        ).first(),
        "transitions": milestone.transitions.select_related("actor"),
    }
    if role != access.RESPONDENT:
        task_parts = parts(milestone)
        context.update(
            parts=task_parts,
            unmet=sum(len(p.problems) for p in task_parts),
            actions=lifecycle.allowed_actions(milestone, request.user),
        )
    return render(request, "submissions/milestone.html", context)


ACTIONS = {
    # action: (access helper, service, success message, note label, note required)
    "request_changes": (
        access.get_milestone_for_reviewer,
        lifecycle.milestone_request_changes,
        "Changes were requested; the practice has been told.",
        "Note to the practice (optional)",
        False,
    ),
    "accept": (
        access.get_milestone_for_reviewer,
        lifecycle.milestone_accept,
        "The milestone was accepted.",
        "Note (optional)",
        False,
    ),
    "reopen": (
        access.get_milestone_for_administrator,
        lifecycle.milestone_reopen,
        "The milestone was reopened; the practice can edit it again.",
        "Reason for reopening",
        True,
    ),
}


@login_required
@require_POST
def transition(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    fetch, service, success, label, required = ACTIONS[action]
    milestone = fetch(request.user, pk)
    form = TransitionForm(request.POST, note_required=required, note_label=label)
    if not form.is_valid():
        messages.error(request, f"{label}: {form.errors['note'][0]}")
        return redirect(milestone)
    try:
        service(milestone, request.user, form.cleaned_data["note"])
    except lifecycle.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(milestone)


@login_required
def submit(request, pk):
    """Check your answers, attest and sign, then submit."""
    milestone = access.get_milestone_for_editor(request.user, pk)
    task_parts = parts(milestone)
    unmet = [problem for part in task_parts for problem in part.problems]
    form = SubmitForm(request.POST or None, user=request.user)
    if request.method == "POST" and not unmet and form.is_valid():
        try:
            lifecycle.milestone_submit(milestone, request.user)
        except lifecycle.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Version {milestone.version + 1} was submitted. Your coach has been told.",
            )
        return redirect(milestone)
    return render(
        request,
        "submissions/submit.html",
        {"milestone": milestone, "parts": task_parts, "unmet": unmet, "form": form},
    )
