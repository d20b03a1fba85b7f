from django.contrib import admin

from exports.models import ExportBundle


@admin.register(ExportBundle)
class ExportBundleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cycle", "requested_by", "status", "done", "total", "expires_at"]
    list_filter = ["status", "cycle"]
    list_select_related = ["cycle", "requested_by"]
    readonly_fields = [
        "cycle",
        "filters",
        "practice_ids",
        "requested_by",
        "status",
        "done",
        "total",
        "file",
        "failures",
        "created_at",
        "finished_at",
        "expires_at",
    ]

    def has_add_permission(self, request):
        return False  # started from the bundle page, which queues the job
