from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from submissions.models import (
    Attachment,
    CommentReply,
    Cycle,
    Extension,
    MilestoneSubmission,
    Notice,
    ReviewComment,
    ReviewReading,
    SectionRevision,
    Snapshot,
    Transition,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened (transitions, snapshots): shown, never added, changed or
    deleted here. The change page is a view page."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """A milestone part's admin with its history read-only: the history and each past
    version are shown, and no past version is written back ("Revert" is neither offered
    nor accepted: content changes go through the milestone's own pages)."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "opens_on", "due_on"]
    search_fields = ["name"]


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    """Grants are records: a later grant is a new row, so granter and time never change."""

    list_display = ["practice", "cycle", "due_on", "granted_by", "granted_at"]
    list_filter = ["cycle"]
    search_fields = ["practice__name", "reason"]
    readonly_fields = ["granted_by", "granted_at"]
    autocomplete_fields = ["practice"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MilestoneSubmission)
class MilestoneSubmissionAdmin(admin.ModelAdmin):
    """Status changes go through the lifecycle (milestone page), never through this form."""

    list_display = ["practice", "cycle", "status", "version", "submitted_at", "updated_at"]
    list_filter = ["status", "cycle", "practice__cohort"]
    search_fields = ["practice__name"]
    readonly_fields = [
        "status",
        "version",
        "instrument",
        "submitted_at",
        "accepted_at",
        "created_by",
    ]
    inlines = [TransitionInline]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    """The lifecycle's record: written by its moves only."""

    list_display = ["milestone", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    search_fields = ["milestone__practice__name", "note"]
    readonly_fields = ["milestone", "actor", "at", "from_status", "to_status", "note"]


class CommentReplyInline(admin.TabularInline):
    model = CommentReply
    extra = 0
    fields = ["author", "created_at", "body"]
    readonly_fields = ["author", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["milestone", "section", "author", "version", "created_at", "addressed_at"]
    list_filter = ["section"]
    search_fields = ["milestone__practice__name", "body"]
    inlines = [CommentReplyInline]


@admin.register(CommentReply)
class CommentReplyAdmin(admin.ModelAdmin):
    """Replies are written on the review page; here they can be read, corrected or
    removed."""

    list_display = ["comment", "author", "created_at"]
    list_select_related = ["comment__milestone__practice", "comment__milestone__cycle", "author"]
    search_fields = ["comment__milestone__practice__name", "body"]
    readonly_fields = ["comment", "author", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewReading)
class ReviewReadingAdmin(ReadOnlyAdmin):
    """When each reviewer last read a milestone's conversations (their unread replies)."""

    list_display = ["milestone", "reader", "seen_at"]
    search_fields = ["milestone__practice__name", "reader__email"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """What each person was told of each move; the e-mails are under E-mail deliveries."""

    list_display = ["subject", "recipient", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "subject", "milestone__practice__name"]
    readonly_fields = [
        "recipient",
        "milestone",
        "kind",
        "actor",
        "subject",
        "note",
        "link",
        "created_at",
    ]


@admin.register(SectionRevision)
class SectionRevisionAdmin(admin.ModelAdmin):
    list_display = ["milestone", "section", "revision", "updated_by", "updated_at"]
    search_fields = ["milestone__practice__name", "section"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Supporting documents are added and removed on the milestone's own page; the file is
    downloaded there too (never from a public media URL), so here it is only named."""

    list_display = ["name", "milestone", "content_type", "size", "uploaded_by", "removed_at"]
    list_filter = ["content_type", "milestone__cycle"]
    list_select_related = ["milestone__practice", "milestone__cycle", "uploaded_by"]
    search_fields = ["name", "description", "sha256", "milestone__practice__name"]
    exclude = ["file"]
    readonly_fields = [
        "milestone",
        "name",
        "description",
        "part",
        "content_type",
        "size",
        "sha256",
        "stored_as",
        "uploaded_by",
        "uploaded_at",
        "removed_by",
        "removed_at",
    ]

    @admin.display(description="stored as")
    def stored_as(self, attachment):
        return attachment.file.name or "(deleted: removed before any submit)"


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    """Snapshots are frozen at submit; the admin only shows them."""

    list_display = ["milestone", "version", "submitted_by", "created_at", "pdf_sha256"]
    list_filter = ["milestone__cycle"]
    search_fields = ["milestone__practice__name", "pdf_sha256", "docx_sha256"]
    exclude = ["pdf", "docx", "content"]
    readonly_fields = [
        "milestone",
        "version",
        "submitted_by",
        "created_at",
        "pdf_sha256",
        "docx_sha256",
    ]
