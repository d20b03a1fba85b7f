import os
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from assessments.models import Response
from practices.next_page import next_page
from submissions import access, lifecycle, review
from submissions.completeness import parts, task_list
from submissions.diff import changes
from submissions.exceptions import TransitionError
from submissions.forms import CommentForm, SubmitForm, TransitionForm
from submissions.history import milestone_history
from submissions.models import MilestoneSubmission, Snapshot
from submissions.pdf import render_pdf
from submissions.snapshot import milestone_content, snapshot_render


def _database_problem():
    """Why the database cannot take a write now, or None.

    An SQLite file that is missing is a fault (connecting would create an empty one);
    otherwise a row is written in a transaction that is rolled back, so a database that
    answers but refuses writes (a read-only file or transaction, a standby) is unhealthy
    too. The row is the oldest of Django's migration records: it exists once the
    database is migrated, and the write leaves nothing."""
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        if not os.path.exists(connection.settings_dict["NAME"]):
            return "database file missing"
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE django_migrations SET app = app"
                    " WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
                written = cursor.rowcount
            transaction.set_rollback(True)
        if written != 1:
            return "database not migrated"
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        return "database unavailable"
    return None


def healthz(request):
    """200 when the database answers and takes a write, 503 otherwise (for load
    balancers); nothing is left written."""
    if _database_problem():
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _read_only_notice(milestone, role):
    """The practice is told its milestone is read-only; coaches never edit, so not them."""
    return not milestone.is_editable and role != access.COACH


def _transitions(milestone):
    return list(milestone.transitions.select_related("actor"))


@login_required
def milestone(request, pk):
    milestone, role = access.get_milestone_for_member(request.user, pk)
    context = {
        "milestone": milestone,
        "is_respondent": role == access.RESPONDENT,
        "read_only_notice": _read_only_notice(milestone, role),
    }
    if role == access.RESPONDENT:
        context["my_response"] = Response.objects.filter(
            milestone=milestone, respondent=request.user
        ).first()
        return render(request, "submissions/milestone.html", context)
    task_parts = task_list(milestone)
    context.update(
        parts=task_parts,
        unmet=sum(len(p.problems) for p in task_parts),
        actions=lifecycle.allowed_actions(milestone, request.user, role),
        # Only its version is shown: neither the content nor the PDF is read.
        latest_snapshot=Snapshot.objects.filter(milestone=milestone)
        .only("version")
        .order_by("-version")
        .first(),
        comments=review.comments_for(milestone),
        # Marking a comment addressed is a change of the practice: not while read-only.
        can_address=access.may_edit(role) and milestone.is_editable,
        can_review=access.may_review(role),
        transitions=_transitions(milestone),
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


# The button of each action, on the page that shows a refused action again.
BUTTONS = {
    "request_changes": "Request changes",
    "accept": "Accept this version",
    "reopen": "Reopen this accepted milestone",
}


@login_required
@require_POST
def transition(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    fetch, service, success, label, required = ACTIONS[action]
    milestone, role = fetch(request.user, pk)
    form = TransitionForm(request.POST, note_required=required, note_label=label)
    if form.is_valid():
        try:
            service(milestone, request.user, form.cleaned_data["note"])
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect(milestone)
    # Refused: the form again with the reason and the note as typed, never lost; its
    # button only while the action is still possible (not once someone else accepted).
    possible = action in lifecycle.allowed_actions(milestone, request.user, role)
    return _action_form(
        request,
        milestone,
        role,
        form,
        title=BUTTONS[action],
        action=request.path,
        button=BUTTONS[action] if possible else None,
        back=milestone.get_absolute_url(),
    )


def _action_form(request, milestone, role, form, *, title, action, button, back):
    """A refused review or lifecycle action on a page of its own: the error summary, the
    form with what was typed, and (while the action is still possible) its button."""
    return render(
        request,
        "submissions/action_form.html",
        {
            "milestone": milestone,
            "read_only_notice": _read_only_notice(milestone, role),
            "form": form,
            "title": title,
            "action": action,
            "button": button,
            "back": back,
        },
    )


@login_required
def submit(request, pk):
    """Check your answers, attest and sign, then submit."""
    milestone, role = access.get_milestone_for_editor(request.user, pk)
    task_parts = parts(milestone)
    unmet = [problem for part in task_parts for problem in part.problems]
    form = SubmitForm(request.POST or None, user=request.user)
    if request.method == "POST" and not unmet and form.is_valid():
        try:
            milestone = lifecycle.milestone_submit(milestone, request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Version {milestone.version} was submitted. Your coach has been told."
            )
        return redirect(milestone)
    return render(
        request,
        "submissions/submit.html",
        {
            "milestone": milestone,
            "read_only_notice": _read_only_notice(milestone, role),
            "parts": task_parts,
            "unmet": unmet,
            "form": form,
            "editable": milestone.is_editable,
            "next_version": milestone.version + 1,
            "content": None if unmet else milestone_content(milestone),
        },
    )


@login_required
def queue(request):
    """Submitted milestones waiting for review: a coach's practices, or all for admins."""
    if not (request.user.is_coach or request.user.is_administrator):
        raise Http404
    milestones = review.review_queue(access.milestones_for(request.user, access.REVIEWERS))
    return render(request, "submissions/queue.html", {"milestones": list(milestones)})


def _snapshot(milestone, version=None):
    snapshots = Snapshot.objects.filter(milestone=milestone).defer("pdf")
    if version is not None:
        return get_object_or_404(snapshots, version=version)
    return snapshots.order_by("-version").first()


@login_required
def review_page(request, pk):
    """The coach's review of the latest submitted version, with what changed since."""
    milestone, role = access.get_milestone_for_reader(request.user, pk)
    snapshot = _snapshot(milestone)
    if snapshot is None:
        messages.info(
            request, "This milestone has not been submitted yet; there is nothing to review."
        )
        return redirect(milestone)
    previous = (
        Snapshot.objects.filter(milestone=milestone, version__lt=snapshot.version)
        .defer("pdf")
        .order_by("-version")
        .first()
    )
    sections = review.sections_of(snapshot.content)
    form = CommentForm(sections=sections, initial={"section": request.GET.get("section")})
    comments = review.comments_for(milestone)
    return render(
        request,
        "submissions/review.html",
        {
            "milestone": milestone,
            "read_only_notice": _read_only_notice(milestone, role),
            "snapshot": snapshot,
            "content": snapshot.content,
            "previous": previous,
            "changes": changes(previous.content, snapshot.content) if previous else None,
            "comments": comments,
            "show_comments": True,
            "open_comments": [c for c in comments if c.is_open],
            "sections": sections,
            "form": form,
            # Comments are added, and changes requested, on a version waiting for review.
            "can_comment": access.may_review(role)
            and milestone.status == MilestoneSubmission.Status.SUBMITTED,
            "actions": lifecycle.allowed_actions(milestone, request.user, role),
        },
    )


@login_required
@require_POST
def comment_create(request, pk):
    milestone, role = access.get_milestone_for_reviewer(request.user, pk)
    snapshot = _snapshot(milestone)
    if snapshot is None:
        raise Http404
    form = CommentForm(request.POST, sections=review.sections_of(snapshot.content))
    if form.is_valid():
        try:
            comment = review.comment_add(
                milestone, request.user, form.cleaned_data["section"], form.cleaned_data["body"]
            )
        except TransitionError as error:
            # Shown again with the comment as typed, never lost.
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your comment was added.")
            return redirect(f"{review_url(milestone)}#comment-{comment.pk}")
    return _action_form(
        request,
        milestone,
        role,
        form,
        title="Add a comment",
        action=request.path,
        button="Add the comment",
        back=review_url(milestone),
    )


def review_url(milestone):
    return reverse("submissions:review", args=[milestone.pk])


@login_required
@require_POST
def comment_address(request, pk, comment_pk):
    milestone, _role = access.get_milestone_for_editor(request.user, pk)
    comment = get_object_or_404(milestone.comments, pk=comment_pk)
    # Read the request before writing: a body too big to read must leave nothing done.
    target = next_page(request, milestone.get_absolute_url())
    try:
        review.comment_mark_addressed(comment, request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The comment is marked as addressed.")
    return redirect(target)


@login_required
def history(request, pk):
    milestone, role = access.get_milestone_for_reader(request.user, pk)
    return render(
        request,
        "submissions/history.html",
        {
            "milestone": milestone,
            "read_only_notice": _read_only_notice(milestone, role),
            "entries": milestone_history(milestone),
            "transitions": _transitions(milestone),
            "snapshots": list(
                Snapshot.objects.filter(milestone=milestone)
                .defer("pdf", "content")
                .select_related("submitted_by")
            ),
        },
    )


def pdf_filename(milestone, version, draft=False):
    practice = re.sub(r"-+", "-", slugify(milestone.practice.name)) or "practice"
    cycle = slugify(milestone.cycle.name) or "cycle"
    suffix = "DRAFT" if draft else f"v{version}"
    return f"VBP-milestone_{practice}_{cycle}_{suffix}.pdf"


def _pdf_response(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def snapshot_pdf(request, pk, version=None):
    """The PDF frozen at submit: the latest version, or the one asked for (rendered from
    the frozen content on this first download if it could not be after the submit)."""
    milestone, _role = access.get_milestone_for_reader(request.user, pk)
    snapshots = Snapshot.objects.filter(milestone=milestone).only("pdf", "version")
    if version is None:
        snapshot = snapshots.order_by("-version").first()
        if snapshot is None:
            raise Http404
    else:
        snapshot = get_object_or_404(snapshots, version=version)
    return _pdf_response(snapshot_render(snapshot), pdf_filename(milestone, snapshot.version))


@login_required
def draft_pdf(request, pk):
    """The current draft, watermarked DRAFT, for the practice and its coach to proof-read."""
    milestone, _role = access.get_milestone_for_reader(request.user, pk)
    data = render_pdf(milestone_content(milestone), draft=True)
    return _pdf_response(data, pdf_filename(milestone, None, draft=True))
