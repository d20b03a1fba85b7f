import os
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from assessments.models import Response
from practices.next_page import next_page
from submissions import access, deadlines, lifecycle, notifications, review
from submissions.completeness import parts, task_list
from submissions.diff import changes
from submissions.exceptions import TransitionError
from submissions.forms import CommentForm, ReplyForm, SubmitForm, TransitionForm
from submissions.history import conversation_history, milestone_history
from submissions.models import MilestoneSubmission, Snapshot
from submissions.pdf import render_pdf
from submissions.snapshot import milestone_content, snapshot_render, snapshot_render_docx
from submissions.word import render_docx

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
        "deadline": deadlines.deadline(milestone.practice, milestone.cycle),
        "notices": list(
            notifications.notices_for(request.user, milestone)[: notifications.ON_MILESTONE_PAGE]
        ),
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
        # The check lists every unmet rule; the task list shows the first few of each part.
        check_url=reverse("submissions:submit", args=[milestone.pk])
        if access.may_edit(role)
        else None,
        actions=lifecycle.allowed_actions(milestone, request.user, role),
        # Only its version is shown: neither the content nor the documents are read.
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
    scope = access.milestones_for(request.user, access.REVIEWERS)
    return render(
        request,
        "submissions/queue.html",
        {
            "milestones": list(review.review_queue(scope)),
            "unread": review.unread_threads(request.user, scope),
        },
    )


def _snapshot(milestone, version=None):
    snapshots = Snapshot.objects.filter(milestone=milestone).defer("pdf", "docx")
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
        .defer("pdf", "docx")
        .order_by("-version")
        .first()
    )
    sections = review.sections_of(snapshot.content)
    form = CommentForm(sections=sections, initial={"section": request.GET.get("section")})
    comments = review.comments_for(milestone)
    # The page shows every conversation: what was new for a reviewer is read from now on
    # (when it is looked at: anything sent to it records nothing).
    unread_replies = set()
    if access.may_review(role):
        seen_at = review.reading_of(milestone, request.user)
        unread_replies = review.unread_reply_ids(comments, request.user, seen_at)
        if request.method == "GET":
            review.reading_record(milestone, request.user)
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
            # The practice's own due date: the cycle's, or the extension it was granted.
            "due": deadlines.deadline(milestone.practice, milestone.cycle).describe(
                milestone.cycle
            ),
            "comments": comments,
            "show_comments": True,
            "open_comments": [c for c in comments if c.is_open],
            "sections": sections,
            "form": form,
            # Comments are added, and changes requested, on a version waiting for review.
            "can_comment": access.may_review(role)
            and milestone.status == MilestoneSubmission.Status.SUBMITTED,
            "actions": lifecycle.allowed_actions(milestone, request.user, role),
            "unread_replies": unread_replies,
            **_conversation_flags(milestone, role),
        },
    )


def _conversation_flags(milestone, role):
    """Who may do what under a comment: reply (lead and reviewers), reopen (reviewers),
    until the milestone is accepted."""
    open_review = milestone.status != MilestoneSubmission.Status.ACCEPTED
    return {
        "can_reply": open_review and role in access.READERS,
        "can_reopen": open_review and access.may_review(role),
    }


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
@require_POST
def reply_create(request, pk, comment_pk):
    """A reply under a comment, by anyone who may read the milestone's comments."""
    milestone, role = access.get_milestone_for_reader(request.user, pk)
    comment = get_object_or_404(milestone.comments, pk=comment_pk)
    form = ReplyForm(request.POST, comment=comment)
    target = next_page(request, f"{review_url(milestone)}#comment-{comment.pk}")
    if form.is_valid():
        try:
            reply = review.reply_add(comment, request.user, form.cleaned_data["body"])
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your reply was added; the other side has been told.")
            return redirect(f"{target.split('#')[0]}#reply-{reply.pk}")
    # Refused: the reply as typed, with the reason, never lost.
    return _action_form(
        request,
        milestone,
        role,
        form,
        title=f"Reply to a comment on {review.section_title(comment.section)}",
        action=request.path,
        button="Add the reply" if _conversation_flags(milestone, role)["can_reply"] else None,
        back=target,
    )


@login_required
@require_POST
def comment_reopen(request, pk, comment_pk):
    milestone, _role = access.get_milestone_for_reviewer(request.user, pk)
    comment = get_object_or_404(milestone.comments, pk=comment_pk)
    target = next_page(request, f"{review_url(milestone)}#comment-{comment.pk}")
    try:
        review.comment_reopen(comment, request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The comment is open again.")
    return redirect(target)


NOTICES_PER_PAGE = 25


@login_required
def notices(request):
    """Every notice the signed-in person was sent, newest first."""
    page = Paginator(notifications.notices_for(request.user), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "submissions/notices.html", {"page": page})


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
            "conversation": conversation_history(milestone),
            "transitions": _transitions(milestone),
            "snapshots": list(
                Snapshot.objects.filter(milestone=milestone)
                .defer("pdf", "docx", "content")
                .select_related("submitted_by")
            ),
        },
    )


def _document_name(milestone, version, draft):
    practice = re.sub(r"-+", "-", slugify(milestone.practice.name)) or "practice"
    cycle = slugify(milestone.cycle.name) or "cycle"
    suffix = "DRAFT" if draft else f"v{version}"
    return f"VBP-milestone_{practice}_{cycle}_{suffix}"


def pdf_filename(milestone, version, draft=False):
    return f"{_document_name(milestone, version, draft)}.pdf"


def docx_filename(milestone, version, draft=False):
    return f"{_document_name(milestone, version, draft)}.docx"


def _download(data, filename, content_type):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stored_snapshot(milestone, version, document):
    """The snapshot to download (the latest, or ``version``), with only its ``document``
    column and version read; 404 if there is none."""
    snapshots = Snapshot.objects.filter(milestone=milestone).only(document, "version")
    if version is None:
        snapshot = snapshots.order_by("-version").first()
        if snapshot is None:
            raise Http404
        return snapshot
    return get_object_or_404(snapshots, version=version)


@require_safe
@login_required
def snapshot_pdf(request, pk, version=None):
    """The PDF frozen at submit: the latest version, or the one asked for (rendered from
    the frozen content on this first download if it could not be after the submit)."""
    milestone, _role = access.get_milestone_for_reader(request.user, pk)
    snapshot = _stored_snapshot(milestone, version, "pdf")
    return _download(snapshot_render(snapshot), pdf_filename(milestone, snapshot.version), PDF)


@require_safe
@login_required
def draft_pdf(request, pk):
    """The current draft, watermarked DRAFT, for the practice and its coach to proof-read."""
    milestone, _role = access.get_milestone_for_reader(request.user, pk)
    data = render_pdf(milestone_content(milestone), draft=True)
    return _download(data, pdf_filename(milestone, None, draft=True), PDF)


@require_safe
@login_required
def snapshot_docx(request, pk, version=None):
    """The Word copy of a submitted version, made from its frozen content like the PDF
    and stored the first time; the same bytes on every download."""
    milestone, _role = access.get_milestone_for_reader(request.user, pk)
    snapshot = _stored_snapshot(milestone, version, "docx")
    return _download(
        snapshot_render_docx(snapshot), docx_filename(milestone, snapshot.version), DOCX
    )


@require_safe
@login_required
def draft_docx(request, pk):
    """The current draft as a Word copy marked "DRAFT — not submitted"."""
    milestone, _role = access.get_milestone_for_reader(request.user, pk)
    data = render_docx(milestone_content(milestone), draft=True)
    return _download(data, docx_filename(milestone, None, draft=True), DOCX)
