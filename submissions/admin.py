from django.contrib import admin

from submissions.models import (
    Cycle,
    MilestoneSubmission,
    ReviewComment,
    SectionRevision,
    Snapshot,
    Transition,
)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "opens_on", "due_on"]
    search_fields = ["name"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
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
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["milestone", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    search_fields = ["milestone__practice__name", "note"]
    readonly_fields = ["milestone", "actor", "at", "from_status", "to_status", "note"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["milestone", "section", "author", "version", "created_at", "addressed_at"]
    list_filter = ["section"]
    search_fields = ["milestone__practice__name", "body"]


@admin.register(SectionRevision)
class SectionRevisionAdmin(admin.ModelAdmin):
    list_display = ["milestone", "section", "revision", "updated_by", "updated_at"]
    search_fields = ["milestone__practice__name", "section"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Snapshots are frozen at submit; the admin only lists them."""

    list_display = ["milestone", "version", "submitted_by", "created_at", "pdf_sha256"]
    list_filter = ["milestone__cycle"]
    search_fields = ["milestone__practice__name", "pdf_sha256"]
    exclude = ["pdf", "content"]
    readonly_fields = ["milestone", "version", "submitted_by", "created_at", "pdf_sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
