from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gap_analysis.models import Capability, DomainRating


@admin.register(DomainRating)
class DomainRatingAdmin(SimpleHistoryAdmin):
    list_display = ["milestone", "domain", "maturity", "priority"]
    list_filter = ["priority", "maturity"]
    search_fields = ["milestone__practice__name", "current_state", "gaps"]


@admin.register(Capability)
class CapabilityAdmin(SimpleHistoryAdmin):
    list_display = ["milestone", "position", "name", "domain", "delivery", "partner_type"]
    list_filter = ["delivery", "partner_type"]
    search_fields = ["milestone__practice__name", "name"]
