from django.contrib import admin

from practices.models import CoachAssignment, Cohort, Membership, Practice


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CoachAssignmentInline(admin.TabularInline):
    model = CoachAssignment
    extra = 0
    autocomplete_fields = ["coach"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation_type",
        "size_band",
        "in_accountable_care_entity",
        "county",
        "cohort",
    ]
    list_filter = ["organisation_type", "size_band", "in_accountable_care_entity", "cohort"]
    search_fields = ["name", "county"]
    inlines = [MembershipInline, CoachAssignmentInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "practice", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "practice__name"]
    autocomplete_fields = ["user", "practice"]


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["coach", "practice", "created_at"]
    search_fields = ["coach__email", "practice__name"]
    autocomplete_fields = ["coach", "practice"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
