"""The milestone's supporting documents: the list and upload page, removing one from the
draft, and the two downloads (a current document, and one as a submitted version lists
it). Files are only ever sent through these access-checked views, as attachments that no
cache keeps; never from a public media URL.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from submissions import access, attachments, review
from submissions.editing import ensure_editable
from submissions.exceptions import TransitionError
from submissions.forms import AttachmentForm
from submissions.models import Attachment, Snapshot


class SizeLimit(FileUploadHandler):
    """Stops receiving an uploaded file once it passes the size limit: the rest of the
    request (the description, the part) still arrives, and the form says which file was
    too large, instead of the whole file being written to disk first."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.too_large = []

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file


def documents_url(milestone):
    return reverse("submissions:attachments", args=[milestone.pk])


# The upload handler must be in place before the body is read, so the CSRF check (which
# reads it) runs after it: ``csrf_exempt`` outside, ``csrf_protect`` inside.
@csrf_exempt
@login_required
def attachment_list(request, pk):
    """The documents of the milestone, and the upload form while it is editable: readers
    see them, editors add and remove them."""
    milestone, role = access.get_milestone_for_form(request, pk)
    limit = None
    if request.method == "POST":
        limit = SizeLimit(request, settings.ATTACHMENT_MAX_FILE_SIZE)
        request.upload_handlers.insert(0, limit)
    return _attachment_list(request, milestone, role, limit)


@csrf_protect
def _attachment_list(request, milestone, role, limit):
    form = AttachmentForm()
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES, too_large=limit.too_large)
        try:
            ensure_editable(milestone)
        except TransitionError as error:
            form.add_error(None, str(error))
        if not form.errors and form.is_valid():
            try:
                added = attachments.attachment_add(
                    milestone,
                    request.user,
                    form.cleaned_data["file"],
                    form.inspected,
                    form.cleaned_data["description"],
                    form.cleaned_data["part"],
                )
            except attachments.AttachmentRefused as refused:
                form.add_error("file", str(refused))
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{added.name} was attached.")
                return redirect(documents_url(milestone))
    # A refusal of the milestone's status (submitted meanwhile) is shown without the form.
    can_edit = access.may_edit(role) and milestone.is_editable
    if not can_edit and form.is_bound:
        for error in form.non_field_errors():
            messages.error(request, error)
    current = attachments.attachments_of(milestone)
    return render(
        request,
        "submissions/attachments.html",
        {
            "milestone": milestone,
            "read_only_notice": not milestone.is_editable and role != access.COACH,
            "crumb": "Supporting documents",
            "documents": [_shown(a) for a in current],
            "used": attachments.file_size(sum(a.size for a in current)),
            "total_limit": attachments.file_size(settings.ATTACHMENT_MAX_MILESTONE_SIZE),
            "file_limit": attachments.file_size(settings.ATTACHMENT_MAX_FILE_SIZE),
            "accepted": attachments.ACCEPTED,
            "can_edit": can_edit,
            # The coach's comments on the documents, to mark addressed here.
            "comments": review.comments_for(milestone, "documents"),
            "can_address": can_edit,
            "form": form if can_edit else None,
            "versions": [
                {
                    "version": version,
                    "documents": [_shown_entry(milestone, version, e) for e in listed],
                }
                for version, listed in attachments.listings_of_versions(milestone.pk)
            ],
        },
    )


def _shown(attachment):
    kind = attachments.kind_of(attachment)
    return {
        "attachment": attachment,
        "kind": kind.short if kind else attachment.content_type,
        "size": attachments.file_size(attachment.size),
        "url": reverse(
            "submissions:attachment_download", args=[attachment.milestone_id, attachment.pk]
        ),
    }


def _shown_entry(milestone, version, entry):
    kind = attachments.BY_CONTENT_TYPE.get(entry.get("content_type"))
    return {
        **entry,
        "kind": kind.short if kind else entry.get("content_type"),
        "size_display": attachments.file_size(entry.get("size") or 0),
        "url": reverse("submissions:attachment_version", args=[milestone.pk, version, entry["id"]]),
    }


def _current(milestone, attachment_pk):
    """The milestone's document ``attachment_pk``, not removed from the draft, or 404."""
    return get_object_or_404(milestone.attachments.filter(removed_at=None), pk=attachment_pk)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    milestone, _role = access.get_milestone_for_editor(request.user, pk)
    attachment = _current(milestone, attachment_pk)
    try:
        attachments.attachment_remove(attachment, request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{attachment.name} was removed from the draft.")
    return redirect(documents_url(milestone))


@require_safe
@login_required
def attachment_download(request, pk, attachment_pk):
    """A document of the milestone as it stands (not removed)."""
    milestone, role = access.get_milestone_for_reader(request.user, pk)
    attachment = _current(milestone, attachment_pk)
    return _send(request, milestone, role, attachment, attachment.name, attachment.sha256)


@require_safe
@login_required
def attachment_version(request, pk, version, attachment_pk):
    """A document as submitted version ``version`` lists it: the same bytes, even once
    removed from the draft, checked against the SHA-256 the snapshot froze."""
    milestone, role = access.get_milestone_for_reader(request.user, pk)
    snapshot = get_object_or_404(
        Snapshot.objects.filter(milestone=milestone).only("content", "version"), version=version
    )
    entry = attachments.listed_in(snapshot, attachment_pk)
    if entry is None:
        raise Http404
    attachment = get_object_or_404(Attachment.objects.filter(milestone=milestone), pk=entry["id"])
    return _send(request, milestone, role, attachment, entry["name"], entry["sha256"])


def _send(request, milestone, role, attachment, name, sha256):
    try:
        file = attachments.open_checked(attachment, sha256)
    except attachments.AttachmentUnreadable as error:
        return render(
            request,
            "submissions/attachment_unreadable.html",
            {
                "milestone": milestone,
                "crumb": "Supporting documents",
                "message": str(error),
                "back": documents_url(milestone),
            },
            status=409,
        )
    response = FileResponse(file, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def content_disposition(name):
    """``attachment`` with the name as ASCII (for old clients) and as UTF-8 (RFC 6266)."""
    fallback = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    fallback = fallback.replace("\\", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
