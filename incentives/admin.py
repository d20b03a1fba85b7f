from django.contrib import admin

from incentives.models import SavedEstimate


@admin.register(SavedEstimate)
class SavedEstimateAdmin(admin.ModelAdmin):
    list_display = ("name", "milestone", "in_pdf", "updated_at")
    list_filter = ("in_pdf",)
    search_fields = ("name", "milestone__practice__name")
    list_select_related = ("milestone__practice", "milestone__cycle")
    raw_id_fields = ("milestone", "created_by")
    readonly_fields = ("created_at", "updated_at")
