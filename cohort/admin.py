from django.contrib import admin

from cohort.models import Standing


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ("milestone", "unmet", "respondents_submitted", "counted_at")
    list_select_related = ("milestone__practice", "milestone__cycle")
    readonly_fields = [field.name for field in Standing._meta.fields]
