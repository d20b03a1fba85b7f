from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from practices.models import CoachAssignment, Cohort, Membership, Practice

MAX_ROWS = 1000


class MembershipFormSet(BaseInlineFormSet):
    """The practice page's members. Each row is checked against the stored coach
    assignments (``Membership.clean``); this also refuses a person added on the same
    page both as a member and as a coach."""

    coaches_prefix = "coach_assignments"

    def coaches_posted(self):
        data, prefix = self.data, self.coaches_prefix
        try:
            total = min(int(data.get(f"{prefix}-TOTAL_FORMS") or 0), MAX_ROWS)
        except ValueError:
            return set()
        return {
            data.get(f"{prefix}-{n}-coach")
            for n in range(total)
            if data.get(f"{prefix}-{n}-coach") and not data.get(f"{prefix}-{n}-DELETE")
        }

    def clean(self):
        super().clean()
        coaches = self.coaches_posted()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            user = data.get("user")
            if user is not None and not data.get("DELETE") and str(user.pk) in coaches:
                raise ValidationError(
                    f"{user} cannot be both a member and a coach of {self.instance}: one "
                    "person holds one role per practice.",
                    code="one_role_per_practice",
                )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
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
        "ept_id",
        "organisation_type",
        "size_band",
        "in_accountable_care_entity",
        "county",
        "cohort",
    ]
    list_filter = ["organisation_type", "size_band", "in_accountable_care_entity", "cohort"]
    search_fields = ["name", "ept_id", "county"]
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
