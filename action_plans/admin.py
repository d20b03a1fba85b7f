from django.contrib import admin

from action_plans.models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyDecision,
    Mitigation,
    ProcessSummary,
    Risk,
    StructuralChange,
)
from submissions.admin import ContentHistoryAdmin


@admin.register(ProcessSummary)
class ProcessSummaryAdmin(ContentHistoryAdmin):
    list_display = ["milestone"]
    search_fields = ["milestone__practice__name"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


class KeyDecisionInline(admin.TabularInline):
    model = KeyDecision
    extra = 0


class StructuralChangeInline(admin.TabularInline):
    model = StructuralChange
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(ContentHistoryAdmin):
    list_display = ["capability", "process_manager"]
    search_fields = ["capability__name", "capability__milestone__practice__name"]
    inlines = [ActivityInline, KeyDecisionInline, StructuralChangeInline, IndicatorInline]


class MitigationInline(admin.TabularInline):
    model = Mitigation
    extra = 0


@admin.register(Risk)
class RiskAdmin(ContentHistoryAdmin):
    list_display = ["milestone", "position", "description"]
    search_fields = ["milestone__practice__name", "description"]
    inlines = [MitigationInline]


for model in (Activity, KeyDecision, StructuralChange, Indicator, Mitigation):
    admin.site.register(model, ContentHistoryAdmin)
